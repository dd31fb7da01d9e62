package analyzer

import (
	"flag"
	"path/filepath"
	"sync"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/rules"
)

// vet is the state of one analyzer (Analyzer, or one New made): its
// settings, which are its flags (-config, -no-config, -include, -exclude,
// -min-confidence, from the same table as cudoscan's), and the policies
// it loaded.
type vet struct {
	settings policy.Settings
	flags    *flag.FlagSet // the analyzer's Flags, with settings' options on it

	mu       sync.Mutex
	policies map[string]*pkgPolicy // by package directory
}

// pkgPolicy is the policy for the packages of one directory: the
// .cudoscan.yaml found from it upward (or named by -config), and the
// detector it configures.
type pkgPolicy struct {
	pol      *policy.Policy
	detector *rules.Detector
	// unfiltered is the same detector keeping matches of every
	// confidence, when the policy drops some (min-confidence: high): a key
	// the core drops as medium is not reported by a type-based check
	// either. nil otherwise.
	unfiltered *rules.Detector
	// root is the directory that the config file's globs are relative
	// to: the file's own, as for "cudoscan scan" run there. "" without a
	// config file.
	root string
}

// check makes the policy that the settings make for a package, but reads
// a config file only if one is named: so that the flags are validated, and
// the named file read, before any package is analysed.
func (v *vet) check() error {
	s := v.settings
	if s.ConfigFile == "" {
		s.NoConfig = true // the file found next to each package is read with it
	}
	_, err := policy.Load(v.flags, policy.ModeVet, s, policy.Where{})
	return err
}

// policyFor returns the policy of the package in dir, loading it once per
// directory: a standalone run analyses many packages, concurrently.
func (v *vet) policyFor(dir string) (*pkgPolicy, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if p, ok := v.policies[dir]; ok {
		return p, nil
	}
	pol, err := policy.Load(v.flags, policy.ModeVet, v.settings, policy.Where{ConfigDir: dir, Upward: true})
	if err != nil {
		return nil, err
	}
	opts := pol.RuleOptions()
	p := &pkgPolicy{pol: pol, detector: rules.New(opts)}
	if pol.MinConfidence() > rules.ConfidenceMedium {
		opts.MinConfidence = rules.ConfidenceMedium
		p.unfiltered = rules.New(opts)
	}
	if pol.Config != nil {
		if abs, err := filepath.Abs(pol.Config.Path); err == nil {
			p.root = filepath.Dir(abs)
		}
	}
	v.policies[dir] = p
	return p, nil
}

// relPath is a file's slash path relative to the config file's directory,
// which the config file's globs and allow entries are written against;
// without a config file, fallback (the module-relative path).
func (p *pkgPolicy) relPath(filename, fallback string) string {
	if p.root == "" {
		return fallback
	}
	abs, err := filepath.Abs(filename)
	if err != nil {
		return fallback
	}
	rel, err := filepath.Rel(p.root, abs)
	if err != nil {
		return fallback
	}
	return filepath.ToSlash(rel)
}

// belowMin returns the core's key matches in src that the policy drops for
// their confidence.
func (p *pkgPolicy) belowMin(src []byte, hint rules.Hint) []rules.Match {
	if p.unfiltered == nil {
		return nil
	}
	var below []rules.Match
	for _, m := range p.unfiltered.Find(src, hint) {
		if m.Confidence < p.pol.MinConfidence() {
			below = append(below, m)
		}
	}
	return below
}

package policy

import (
	"flag"
	"fmt"

	"github.com/cudoscan/cudoscan/baseline"
	"github.com/cudoscan/cudoscan/config"
	"github.com/cudoscan/cudoscan/rules"
)

// Where says where a run looks for its config file and what the paths of
// its findings are relative to.
type Where struct {
	// ConfigDir is where .cudoscan.yaml is looked for: "" for the working
	// directory. scan gives its one directory root; the git modes the
	// top of the repository.
	ConfigDir string
	// Upward: look in ConfigDir and the directories above it (cudovet,
	// from a package's directory).
	Upward bool
	// PathBase is the directory that paths of findings without a root are
	// relative to, when they are matched against a baseline: "" for the
	// working directory; the git modes give the repository top.
	PathBase string
}

// Load makes the policy of a run of mode m: s holds the defaults and the
// flags parsed from fs. It reads the config file (the one --config names,
// else the one found in w.ConfigDir, unless --no-config), folds in each of
// its settings that no flag given on the command line overrides
// (--include and --exclude add to the file's globs), validates the result
// and reads the baseline.
func Load(fs *flag.FlagSet, m Mode, s Settings, w Where) (*Policy, error) {
	if s.NoConfig && s.ConfigFile != "" {
		return nil, fmt.Errorf("--config and --no-config cannot be used together")
	}
	var cfg *config.Config
	if takesConfig(m) {
		var err error
		if cfg, err = readConfig(s, w); err != nil {
			return nil, err
		}
	}
	if cfg != nil {
		set := given(fs, m)
		for _, o := range options(m) {
			if o.fromConfig != nil && (o.Adds || !set[o.Flag]) {
				o.fromConfig(&s, cfg)
			}
		}
	}
	if err := validate(&s, m); err != nil {
		return nil, err
	}
	p := &Policy{Settings: s, Mode: m, Config: cfg, where: w}
	p.minConfidence, _ = rules.ParseConfidence(s.MinConfidence)
	if s.BaselineFile != "" && m&modesReporting != 0 {
		b, err := baseline.Load(s.BaselineFile)
		if err != nil {
			return nil, fmt.Errorf("reading the baseline: %w", err)
		}
		p.Baseline = b
	}
	if s.Verify {
		if _, err := p.Verifier(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// takesConfig reports whether mode m reads a config file: the modes that
// take --config (verify reads keys from stdin and none).
func takesConfig(m Mode) bool {
	for _, o := range options(m) {
		if o.Flag == "config" {
			return true
		}
	}
	return false
}

// readConfig reads the config file of a run, or returns nil when there is
// none to read.
func readConfig(s Settings, w Where) (*config.Config, error) {
	path := s.ConfigFile
	if path == "" && !s.NoConfig {
		dir := w.ConfigDir
		if dir == "" {
			dir = "."
		}
		find := config.Find
		if w.Upward {
			find = config.FindUp
		}
		found, err := find(dir)
		if err != nil {
			return nil, err
		}
		path = found
	}
	if path == "" {
		return nil, nil
	}
	return config.Load(path)
}

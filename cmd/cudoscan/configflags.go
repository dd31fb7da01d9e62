package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cudoscan/cudoscan/baseline"
	"github.com/cudoscan/cudoscan/config"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
)

// settings is what the configuration file and the baseline add to the
// flags of a scanning mode. It lives in scanConfig, so every mode that
// registers scanConfig (scan, staged, history) gets --config, --no-config
// and --baseline.
type settings struct {
	flags        *flag.FlagSet // to tell flags given from defaults
	configFile   string        // --config
	noConfig     bool          // --no-config
	baselineFile string        // --baseline

	// configDir is where .cudoscan.yaml is looked for: the working
	// directory unless the mode says otherwise (useConfigDir, useRepoTop).
	configDir string
	// pathBase is the directory that paths of findings without a root are
	// relative to, when they are matched against a baseline: the working
	// directory, or the repository top in the git modes.
	pathBase string

	// noBaseline is set by the baseline command, which writes the
	// baseline instead of applying it.
	noBaseline bool

	loaded   bool
	cfg      *config.Config // nil when no file was read
	baseline *baseline.Baseline
}

func (s *settings) register(fs *flag.FlagSet) {
	s.registerConfig(fs)
	fs.StringVar(&s.baselineFile, "baseline", "", "do not report findings listed in `FILE`, written by 'cudoscan baseline' (a live key under --verify is always reported)")
}

// registerConfig registers --config and --no-config only.
func (s *settings) registerConfig(fs *flag.FlagSet) {
	s.flags = fs
	fs.StringVar(&s.configFile, "config", "", "read settings from `FILE` (default: "+config.FileName+" at the scan root, else in the working directory)")
	fs.BoolVar(&s.noConfig, "no-config", false, "do not read "+config.FileName)
}

// useConfigDir makes the mode look for .cudoscan.yaml in dir instead of the
// working directory; scan uses it for its one directory root. Call it
// before scannerOptions.
func (s *settings) useConfigDir(dir string) { s.configDir = dir }

// useRepoTop is for the git modes: .cudoscan.yaml is looked for at the top
// of the repository, and finding paths, which are relative to the top, are
// resolved from there when they are matched against a baseline. Call it
// before scannerOptions.
func (s *settings) useRepoTop(top string) { s.configDir, s.pathBase = top, top }

// set reports whether the flag name was given on the command line.
func (s *settings) set(name string) bool {
	found := false
	if s.flags != nil {
		s.flags.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	}
	return found
}

// loadConfig reads the configuration file and the baseline, once, and
// folds the file's settings into the flags that were not given: --include
// and --exclude add to the file's globs; --min-confidence, --baseline and
// the verification flags replace the file's values.
func (c *scanConfig) loadConfig() error {
	s := &c.settings
	if s.loaded {
		return nil
	}
	s.loaded = true
	if s.noConfig && s.configFile != "" {
		return fmt.Errorf("--config and --no-config cannot be used together")
	}
	path := s.configFile
	if path == "" && !s.noConfig {
		dir := s.configDir
		if dir == "" {
			dir = "."
		}
		found, err := config.Find(dir)
		if err != nil {
			return err
		}
		path = found
	}
	if path != "" {
		cfg, err := config.Load(path)
		if err != nil {
			return err
		}
		s.cfg = cfg
		c.include = append(append(stringList{}, cfg.Include...), c.include...)
		c.exclude = append(append(stringList{}, cfg.Exclude...), c.exclude...)
		if cfg.MinConfidence != 0 && !s.set("min-confidence") {
			c.minConfidence = cfg.MinConfidence.String()
		}
		if cfg.Baseline != "" && !s.set("baseline") {
			s.baselineFile = cfg.Baseline
		}
		c.applyVerifyConfig(cfg.Verify)
	}
	if s.baselineFile != "" && !s.noBaseline {
		b, err := baseline.Load(s.baselineFile)
		if err != nil {
			return fmt.Errorf("reading the baseline: %w", err)
		}
		s.baseline = b
	}
	return nil
}

// applyVerifyConfig sets the verification settings of the file that no
// flag overrides.
func (c *scanConfig) applyVerifyConfig(v config.Verify) {
	s := &c.settings
	if v.APIURL != "" && !s.set("api-url") {
		c.verify.apiURL = v.APIURL
	}
	if v.Timeout > 0 && !s.set("verify-timeout") {
		c.verify.timeout = v.Timeout
	}
	if v.MaxWait > 0 && !s.set("verify-max-wait") {
		c.verify.maxWait = v.MaxWait
	}
	if v.Jobs > 0 && !s.set("verify-jobs") {
		c.verify.jobs = v.Jobs
	}
}

// ruleOptions are the detector options of the file: extra context words
// and placeholders.
func (s *settings) ruleOptions(min rules.Confidence) rules.Options {
	o := rules.Options{MinConfidence: min}
	if s.cfg != nil {
		o.ContextWords, o.Placeholders = s.cfg.ContextWords, s.cfg.Placeholders
	}
	return o
}

// suppressExternal applies what suppresses findings outside the files
// scanned: the config file's allow entries, then the baseline. It runs
// after verification, so that a key verified live is reported whatever
// the file or the baseline says.
func (s *settings) suppressExternal(rep *report.Report) error {
	live := func(f scanner.Finding) bool {
		v, ok := rep.Verdict(f)
		return ok && v.Live()
	}
	if s.cfg != nil && len(s.cfg.Allow) > 0 {
		allowFindings(rep.Findings, s.cfg, live)
	}
	if s.baseline == nil {
		return nil
	}
	pathOf, err := s.baselinePaths(s.baseline.File)
	if err != nil {
		return err
	}
	s.baseline.Apply(rep.Findings, pathOf, live)
	return nil
}

// baselinePaths returns how findings are named in a baseline kept at file
// ("" for one written to stdout: relative to the working directory).
func (s *settings) baselinePaths(file string) (func(scanner.Finding) string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	base := cwd
	if s.pathBase != "" {
		if base, err = filepath.Abs(s.pathBase); err != nil {
			return nil, err
		}
	}
	dir := cwd
	if file != "" {
		abs, err := filepath.Abs(file)
		if err != nil {
			return nil, err
		}
		dir = filepath.Dir(abs)
	}
	return baseline.PathFunc(base, dir), nil
}

// allowFindings suppresses the findings in paths the config file allows,
// except those verified live.
func allowFindings(fs []scanner.Finding, cfg *config.Config, live func(scanner.Finding) bool) {
	for i := range fs {
		f := &fs[i]
		if f.Suppressed || live(*f) {
			continue
		}
		for _, a := range cfg.Allow {
			if a.Covers(f.RuleID, f.Path) {
				f.Suppressed, f.SuppressedBy = true, scanner.SuppressedByConfig
				f.SuppressReason = fmt.Sprintf("%s (allowed by %s:%d)", a.Reason, cfg.Path, a.Line)
				break
			}
		}
	}
}

// configDirFor is where scan looks for .cudoscan.yaml: its root when it
// scans one directory, else the working directory.
func configDirFor(roots []string) string {
	if len(roots) == 1 {
		if fi, err := os.Stat(roots[0]); err == nil && fi.IsDir() {
			return roots[0]
		}
	}
	return "."
}

// sourceRoot is the absolute directory that relative finding paths start
// from: SARIF's %SRCROOT%. "" when unknown.
func (s *settings) sourceRoot() string {
	dir := s.pathBase
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return abs
}

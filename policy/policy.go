package policy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cudoscan/cudoscan/baseline"
	"github.com/cudoscan/cudoscan/config"
	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/version"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/verify"
)

// Policy is what a run decides once its settings are known: what is
// scanned and found, and which findings are reported. It is not modified
// after Load.
type Policy struct {
	Settings Settings
	Mode     Mode
	// Config is the config file read; nil when none was.
	Config *config.Config
	// Baseline is the baseline applied; nil when none is.
	Baseline *baseline.Baseline

	where         Where
	minConfidence rules.Confidence
}

// MinConfidence is the lowest confidence of the key findings reported.
func (p *Policy) MinConfidence() rules.Confidence { return p.minConfidence }

// RuleOptions are the detection core's options: confidence, decoding, and
// the config file's context words and placeholders.
func (p *Policy) RuleOptions() rules.Options {
	s := &p.Settings
	o := rules.Options{MinConfidence: p.minConfidence, ContextWords: s.ContextWords,
		Placeholders: s.Placeholders, DecodeDepth: s.DecodeDepth}
	if s.DecodeDepth == 0 {
		o.DecodeDepth = -1 // rules reads 0 as its default
	}
	return o
}

// ScannerOptions are the walkers' options.
func (p *Policy) ScannerOptions() scanner.Options {
	s := &p.Settings
	maxFindings := s.MaxFindings
	if maxFindings == 0 {
		maxFindings = -1 // scanner reads 0 as its default
	}
	return scanner.Options{
		Detector:           rules.New(p.RuleOptions()),
		Include:            s.Include,
		Exclude:            s.Exclude,
		MaxFileSize:        int64(s.MaxFileSize),
		Jobs:               s.Jobs,
		MaxFindingsPerFile: maxFindings,
		FollowSymlinks:     s.FollowSymlinks,
		ArchiveDepth:       s.ArchiveDepth,
	}
}

// Selected reports whether a file at the slash path rel, relative to the
// scan root, passes the include and exclude globs.
func (p *Policy) Selected(rel string) bool {
	o := scanner.Options{Include: p.Settings.Include, Exclude: p.Settings.Exclude}
	return o.Selected(rel)
}

// Verifier builds the one Verifier of a run, so that every key shares its
// rate-limit hold-off.
func (p *Policy) Verifier() (*verify.Verifier, error) {
	s := &p.Settings
	if s.VerifyJobs <= 0 || s.VerifyTimeout <= 0 || s.VerifyMaxWait <= 0 {
		return nil, fmt.Errorf("--verify-jobs, --verify-timeout and --verify-max-wait must be positive")
	}
	return verify.New(verify.Options{BaseURL: s.APIURL, UserAgent: version.UserAgent(),
		Timeout: s.VerifyTimeout, MaxWait: s.VerifyMaxWait, Jobs: s.VerifyJobs})
}

// Apply runs the pipeline over a report's findings: with --verify, every
// distinct key is verified (those suppressed too); then the config file's
// allow list and the baseline suppress what they cover. A key verified
// live is reported whatever suppressed it: a cudoscan:allow saying
// "revoked" about a key that still works is exactly what --verify is for,
// so verification comes first and the suppressions after it make the same
// exception.
func (p *Policy) Apply(ctx context.Context, rep *report.Report) error {
	if p.Settings.Verify {
		v, err := p.Verifier()
		if err != nil {
			return err
		}
		verifyFindings(ctx, v, rep)
	}
	return p.Suppress(rep.Findings, func(f finding.Finding) bool {
		v, ok := rep.Verdict(f)
		return ok && v.Live()
	})
}

// Suppress applies what suppresses findings outside the files scanned:
// the config file's allow list, then the baseline. live, when not nil,
// reports findings verified live, which are never suppressed.
func (p *Policy) Suppress(fs []finding.Finding, live func(finding.Finding) bool) error {
	if live == nil {
		live = func(finding.Finding) bool { return false }
	}
	if p.Config != nil {
		allow(fs, p.Config, live)
	}
	if p.Baseline == nil {
		return nil
	}
	pathOf, err := p.BaselinePaths(p.Baseline.File)
	if err != nil {
		return err
	}
	p.Baseline.Apply(fs, pathOf, live)
	return nil
}

// allow suppresses the findings in paths the config file allows, except
// those verified live.
func allow(fs []finding.Finding, cfg *config.Config, live func(finding.Finding) bool) {
	for i := range fs {
		f := &fs[i]
		if f.Suppressed || live(*f) {
			continue
		}
		if reason, ok := allowedBy(cfg, f.RuleID, f.Path); ok {
			f.Suppressed, f.SuppressedBy, f.SuppressReason = true, finding.SuppressedByConfig, reason
		}
	}
}

// Allowed reports whether the config file's allow list covers a finding of
// rule in the file at the slash path rel (relative to the scan root), and
// why: the entry's reason and where it is written.
func (p *Policy) Allowed(rule, rel string) (reason string, ok bool) {
	if p.Config == nil {
		return "", false
	}
	return allowedBy(p.Config, rule, rel)
}

func allowedBy(cfg *config.Config, rule, rel string) (string, bool) {
	for _, a := range cfg.Allow {
		if a.Covers(rule, rel) {
			return fmt.Sprintf("%s (allowed by %s:%d)", a.Reason, cfg.Path, a.Line), true
		}
	}
	return "", false
}

// verifyFindings verifies the distinct secrets of the report's findings
// and records the verdicts. A finding suppressed inline whose key is live
// is reported again, saying what suppressed it.
func verifyFindings(ctx context.Context, v *verify.Verifier, rep *report.Report) {
	var keys []string
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		// Only CUDO API keys go to the API; no other secret is ever sent.
		if f.Secret != "" && rules.Verifiable(f.RuleID) && !seen[f.Secret] {
			seen[f.Secret] = true
			keys = append(keys, f.Secret)
		}
	}
	if len(keys) == 0 {
		return
	}
	rep.Verdicts = v.CheckAll(ctx, keys)
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if vd, ok := rep.Verdict(*f); ok && vd.Live() && f.Suppressed {
			f.Message += fmt.Sprintf(" (suppressed by cudoscan:allow %q, but the key is live)", f.SuppressReason)
			f.Suppressed, f.SuppressReason = false, ""
		}
	}
}

// BaselinePaths returns how findings are named in a baseline kept at file
// ("" for one written to stdout: relative to the working directory).
func (p *Policy) BaselinePaths(file string) (func(finding.Finding) string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	base := cwd
	if p.where.PathBase != "" {
		if base, err = filepath.Abs(p.where.PathBase); err != nil {
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

// SourceRoot is the absolute directory that relative finding paths start
// from: SARIF's %SRCROOT%. "" when unknown.
func (p *Policy) SourceRoot() string {
	dir := p.where.PathBase
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return abs
}

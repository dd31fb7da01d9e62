package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/baseline"
	"github.com/cudoscan/cudoscan/config"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/verify"
)

// TestSuppressExternalSparesLiveKeys: the config file's allow list and the
// baseline hide findings, except keys that --verify found live.
func TestSuppressExternalSparesLiveKeys(t *testing.T) {
	live, dead, allowedLive := randomHex(), randomHex(), randomHex()
	finding := func(path, key string) scanner.Finding {
		return scanner.Finding{RuleID: rules.RuleAPIKey, Root: ".", Path: path, Line: 1, Secret: key}
	}
	rep := &report.Report{
		Findings: []scanner.Finding{
			finding("app/.env", live), finding("app/old.env", dead),
			finding("docs/a.env", dead), finding("docs/b.env", allowedLive),
		},
		Verdicts: map[string]verify.Verdict{
			live:        {Status: verify.StatusLive},
			dead:        {Status: verify.StatusInvalid},
			allowedLive: {Status: verify.StatusRestricted},
		},
	}
	var s settings
	s.cfg = &config.Config{Path: ".cudoscan.yaml", Allow: []config.Allow{{Path: "docs/**", Reason: "samples", Line: 3}}}
	pathOf, err := s.baselinePaths("b.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	s.baseline = baseline.FromFindings("b.jsonl", rep.Findings[:2], pathOf)
	if err := s.suppressExternal(rep); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		suppressed bool
		by         string
	}{{false, ""}, {true, scanner.SuppressedByBaseline}, {true, scanner.SuppressedByConfig}, {false, ""}}
	for i, f := range rep.Findings {
		if f.Suppressed != want[i].suppressed || f.SuppressedBy != want[i].by {
			t.Errorf("%s: suppressed %v by %q, want %v by %q", f.Path, f.Suppressed, f.SuppressedBy, want[i].suppressed, want[i].by)
		}
	}
	if got := rep.Findings[2].SuppressReason; got != "samples (allowed by .cudoscan.yaml:3)" {
		t.Errorf("allow reason = %q", got)
	}
}

// TestUseRepoTop is the contract with the git modes: given the repository
// top, .cudoscan.yaml is read there whatever the working directory, and
// finding paths (relative to the top) match the baseline it names.
func TestUseRepoTop(t *testing.T) {
	top := t.TempDir()
	writeFile(t, filepath.Join(top, config.FileName), "min-confidence: high\nbaseline: .cudoscan-baseline.jsonl\n")
	key := randomHex()
	f := scanner.Finding{RuleID: rules.RuleAPIKey, Path: "deploy/.env", Line: 3, Secret: key}
	e, _ := baseline.EntryFor(f, "deploy/.env")
	var buf bytes.Buffer
	if _, err := baseline.New("", []baseline.Entry{e}).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(top, ".cudoscan-baseline.jsonl"), buf.String())
	t.Chdir(t.TempDir()) // anywhere but the top

	var c scanConfig
	fs := flag.NewFlagSet("staged", flag.ContinueOnError)
	c.register(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	c.useRepoTop(top)
	if _, err := c.scannerOptions(); err != nil {
		t.Fatal(err)
	}
	if c.cfg == nil || c.cfg.Path != filepath.Join(top, config.FileName) || c.minConfidence != "high" {
		t.Fatalf("config not read from the top: %+v, min-confidence %q", c.cfg, c.minConfidence)
	}
	rep := &report.Report{Findings: []scanner.Finding{f}}
	if err := c.suppressExternal(rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Findings[0].Suppressed || rep.Findings[0].SuppressedBy != scanner.SuppressedByBaseline {
		t.Errorf("a finding listed in the top's baseline is not hidden: %+v", rep.Findings[0])
	}
	if got := c.sourceRoot(); got != top {
		t.Errorf("SARIF %%SRCROOT%% = %q, want the top %q", got, top)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFlagsOverrideConfig: a flag given on the command line wins over the
// file; a flag left at its default does not.
func TestFlagsOverrideConfig(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, config.FileName)
	writeFile(t, file, "min-confidence: high\nexclude: [\"a/**\"]\nverify:\n  timeout: 5s\n  max-wait: 2s\n  jobs: 7\n  api-url: https://api.example.test\n")
	for _, tc := range []struct {
		args                []string
		wantConf, wantURL   string
		wantJobs            int
		wantExclude         []string
		wantTimeout, wantMW string
	}{
		{nil, "high", "https://api.example.test", 7, []string{"a/**"}, "5s", "2s"},
		{[]string{"--min-confidence", "medium", "--verify-jobs", "2", "--api-url", "https://other.example.test", "--exclude", "b/**", "--verify-timeout", "9s"},
			"medium", "https://other.example.test", 2, []string{"a/**", "b/**"}, "9s", "2s"},
	} {
		var c scanConfig
		fs := flag.NewFlagSet("scan", flag.ContinueOnError)
		c.register(fs)
		if err := fs.Parse(append([]string{"--config", file}, tc.args...)); err != nil {
			t.Fatal(err)
		}
		opts, err := c.scannerOptions()
		if err != nil {
			t.Fatal(err)
		}
		if c.minConfidence != tc.wantConf || c.verify.apiURL != tc.wantURL || c.verify.jobs != tc.wantJobs ||
			c.verify.timeout.String() != tc.wantTimeout || c.verify.maxWait.String() != tc.wantMW ||
			strings.Join(opts.Exclude, " ") != strings.Join(tc.wantExclude, " ") {
			t.Errorf("args %q: min-confidence %q, api-url %q, jobs %d, timeout %v, max-wait %v, exclude %q",
				tc.args, c.minConfidence, c.verify.apiURL, c.verify.jobs, c.verify.timeout, c.verify.maxWait, opts.Exclude)
		}
	}
}

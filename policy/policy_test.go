package policy

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cudoscan/cudoscan/baseline"
	"github.com/cudoscan/cudoscan/config"
	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
)

// TestSuppressSparesLiveKeys: the config file's allow list and the
// baseline hide findings, except keys that --verify found live.
func TestSuppressSparesLiveKeys(t *testing.T) {
	live, dead, allowedLive := testkeys.New(t), testkeys.New(t), testkeys.New(t)
	at := func(path, key string) finding.Finding {
		return finding.Finding{RuleID: rules.RuleAPIKey, Root: ".", Path: path, Line: 1, Secret: key}
	}
	rep := &report.Report{
		Findings: []finding.Finding{at("app/.env", live), at("app/old.env", dead), at("docs/a.env", dead), at("docs/b.env", allowedLive)},
		Verdicts: map[string]finding.Verdict{
			live:        {Status: finding.StatusLive},
			dead:        {Status: finding.StatusInvalid},
			allowedLive: {Status: finding.StatusPossiblyLive},
		},
	}
	p := &Policy{Config: &config.Config{Path: ".cudoscan.yaml", Allow: []config.Allow{{Path: "docs/**", Reason: "samples", Line: 3}}}}
	pathOf, err := p.BaselinePaths("b.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	p.Baseline = baseline.FromFindings("b.jsonl", rep.Findings[:2], pathOf)
	if err := p.Apply(context.Background(), rep); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		suppressed bool
		by         string
	}{{false, ""}, {true, finding.SuppressedByBaseline}, {true, finding.SuppressedByConfig}, {false, ""}}
	for i, f := range rep.Findings {
		if f.Suppressed != want[i].suppressed || f.SuppressedBy != want[i].by {
			t.Errorf("%s: suppressed %v by %q, want %v by %q", f.Path, f.Suppressed, f.SuppressedBy, want[i].suppressed, want[i].by)
		}
	}
	if got := rep.Findings[2].SuppressReason; got != "samples (allowed by .cudoscan.yaml:3)" {
		t.Errorf("allow reason = %q", got)
	}
}

// TestRepoTop is the contract with the git modes: given the repository
// top, .cudoscan.yaml is read there whatever the working directory, and
// finding paths (relative to the top) match the baseline it names.
func TestRepoTop(t *testing.T) {
	top := t.TempDir()
	writeFile(t, filepath.Join(top, config.FileName), "min-confidence: high\nbaseline: .cudoscan-baseline.jsonl\n")
	f := finding.Finding{RuleID: rules.RuleAPIKey, Path: "deploy/.env", Line: 3, Secret: testkeys.New(t)}
	e, _ := baseline.EntryFor(f, "deploy/.env")
	var buf bytes.Buffer
	if _, err := baseline.New("", []baseline.Entry{e}).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(top, ".cudoscan-baseline.jsonl"), buf.String())
	t.Chdir(t.TempDir()) // anywhere but the top

	fs, s := parse(t, ModeStaged)
	p, err := Load(fs, ModeStaged, s, Where{ConfigDir: top, PathBase: top})
	if err != nil {
		t.Fatal(err)
	}
	if p.Config == nil || p.Config.Path != filepath.Join(top, config.FileName) || p.Settings.MinConfidence != "high" {
		t.Fatalf("config not read from the top: %+v, min-confidence %q", p.Config, p.Settings.MinConfidence)
	}
	rep := &report.Report{Findings: []finding.Finding{f}}
	if err := p.Apply(context.Background(), rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Findings[0].Suppressed || rep.Findings[0].SuppressedBy != finding.SuppressedByBaseline {
		t.Errorf("a finding listed in the top's baseline is not hidden: %+v", rep.Findings[0])
	}
	if got := p.SourceRoot(); got != top {
		t.Errorf("SARIF %%SRCROOT%% = %q, want the top %q", got, top)
	}
}

// TestFlagsOverrideConfig: a flag given on the command line wins over the
// file; a flag left at its default does not; --exclude adds to the file's.
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
		fs, s := parse(t, ModeScan, append([]string{"--config", file}, tc.args...)...)
		p, err := Load(fs, ModeScan, s, Where{})
		if err != nil {
			t.Fatal(err)
		}
		got := p.Settings
		opts := p.ScannerOptions()
		if got.MinConfidence != tc.wantConf || got.APIURL != tc.wantURL || got.VerifyJobs != tc.wantJobs ||
			got.VerifyTimeout.String() != tc.wantTimeout || got.VerifyMaxWait.String() != tc.wantMW ||
			strings.Join(opts.Exclude, " ") != strings.Join(tc.wantExclude, " ") {
			t.Errorf("args %q: min-confidence %q, api-url %q, jobs %d, timeout %v, max-wait %v, exclude %q",
				tc.args, got.MinConfidence, got.APIURL, got.VerifyJobs, got.VerifyTimeout, got.VerifyMaxWait, opts.Exclude)
		}
	}
}

// TestLoadRejects: bad settings are errors naming the flag, before
// anything is scanned.
func TestLoadRejects(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, "--format must be one of text, json, sarif, github, not \"xml\""},
		{[]string{"--color", "sometimes"}, "--color must be auto, always or never"},
		{[]string{"--min-confidence", "low"}, "--min-confidence must be medium or high"},
		{[]string{"--jobs", "-1"}, "--jobs must be positive"},
		{[]string{"--decode-depth", "-1"}, "--decode-depth must be 0 or more"},
		{[]string{"--include", "src/[a-"}, "--include: invalid glob"},
		{[]string{"--config", "x.yaml", "--no-config"}, "cannot be used together"},
		{[]string{"--verify", "--verify-jobs", "0"}, "must be positive"},
		{[]string{"--verify", "--api-url", "http://example.com"}, "https"},
	} {
		args := tc.args
		if !slices.Contains(args, "--config") {
			args = append([]string{"--no-config"}, args...)
		}
		fs, s := parse(t, ModeScan, args...)
		_, err := Load(fs, ModeScan, s, Where{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestVetUpward: cudovet, loading from a package directory, finds the
// config file of a directory above it.
func TestVetUpward(t *testing.T) {
	top := t.TempDir()
	writeFile(t, filepath.Join(top, config.FileName), "exclude: [\"gen/**\"]\nmin-confidence: high\n")
	pkg := filepath.Join(top, "internal", "client")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	fs, s := parse(t, ModeVet)
	p, err := Load(fs, ModeVet, s, Where{ConfigDir: pkg, Upward: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Config == nil || p.Settings.MinConfidence != "high" || p.Selected("gen/x.go") || !p.Selected("internal/client/c.go") {
		t.Errorf("config above the package not applied: %+v", p.Settings)
	}
	if p, err := Load(fs, ModeVet, s, Where{ConfigDir: pkg}); err != nil || p.Config != nil {
		t.Errorf("without Upward, a config above the directory is read (%v, %v)", p, err)
	}
}

// parse registers mode's flags on a fresh flag set and parses args.
func parse(t *testing.T, m Mode, args ...string) (*flag.FlagSet, Settings) {
	t.Helper()
	s := Defaults()
	fs := flag.NewFlagSet(m.String(), flag.ContinueOnError)
	Register(fs, m, &s)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs, s
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyReadsNoConfig: the verify command reads keys from stdin and
// takes no --config: a config file where it runs, even a broken one,
// changes nothing.
func TestVerifyReadsNoConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, config.FileName), "exclud: [x]\nverify:\n  jobs: 9\n")
	t.Chdir(dir)
	fs, s := parse(t, ModeVerify)
	p, err := Load(fs, ModeVerify, s, Where{})
	if err != nil || p.Config != nil || p.Settings.VerifyJobs != Defaults().VerifyJobs {
		t.Errorf("verify read the config file: %v, %+v", err, p)
	}
	if _, err := Load(fs, ModeScan, s, Where{}); err == nil {
		t.Errorf("scan did not read the broken config file")
	}
}

// TestVerifySendsOnlyAPIKeys: --verify sends the secrets of verifiable
// rules (CUDO API keys) and nothing else: an object-storage secret or a VM
// password found in the same run never leaves the machine.
func TestVerifySendsOnlyAPIKeys(t *testing.T) {
	var mu sync.Mutex
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent = append(sent, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"code": 16, "message": "unauthenticated"}`)
	}))
	defer srv.Close()
	key := testkeys.New(t)
	rep := &report.Report{Findings: []finding.Finding{
		{RuleID: rules.RuleAPIKey, Path: "a.env", Secret: key},
		{RuleID: rules.RuleObjectStorageKey, Path: "b.s3cfg", Secret: testkeys.S3SecretKey(t)},
		{RuleID: rules.RuleVMPassword, Path: "main.tf", Secret: testkeys.Password(t)},
	}}
	fs, s := parse(t, ModeScan, "--no-config", "--verify", "--api-url", srv.URL)
	p, err := Load(fs, ModeScan, s, Where{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Apply(context.Background(), rep); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sent) == 0 {
		t.Fatal("nothing was verified")
	}
	for _, h := range sent {
		if h != "Bearer "+key {
			t.Errorf("sent %q: only the API key may be sent", rules.RedactKeyShaped(h))
		}
	}
}

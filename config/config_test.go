package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/verify"
)

func TestParseFull(t *testing.T) {
	src := `# a comment
include:
  - "src/**"
exclude:
  - "**/testdata/**"
  - vendor/**
allow:
  - path: docs/examples/**
    reason: sample keys from the docs, all revoked
  - path: "**/*_test.go"
    reason: tests spell out malformed headers
    rules: [cudo-auth-header, cudoscan-directive]
context-words: [gpucloud, Acme-GPU]
placeholders:
  - "0000"
  - fixture-key
min-confidence: high
baseline: .cudoscan-baseline.jsonl
verify:
  timeout: 2m
  max-wait: 10s
  jobs: 2
  api-url: http://127.0.0.1:8080
`
	c, err := Parse(filepath.Join("repo", FileName), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:    filepath.Join("repo", FileName),
		Include: []string{"src/**"},
		Exclude: []string{"**/testdata/**", "vendor/**"},
		Allow: []Allow{
			{Path: "docs/examples/**", Reason: "sample keys from the docs, all revoked", Line: 8},
			{Path: "**/*_test.go", Reason: "tests spell out malformed headers", Rules: []string{"cudo-auth-header", "cudoscan-directive"}, Line: 10},
		},
		ContextWords:  []string{"gpucloud", "Acme-GPU"},
		Placeholders:  []string{"0000", "fixture-key"},
		MinConfidence: rules.ConfidenceHigh,
		Baseline:      filepath.Join("repo", ".cudoscan-baseline.jsonl"),
		Verify:        Verify{Timeout: 2 * time.Minute, MaxWait: 10 * time.Second, Jobs: 2, APIURL: "http://127.0.0.1:8080"},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", c, want)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		c, err := Parse(FileName, []byte(src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if !reflect.DeepEqual(c, &Config{Path: FileName}) {
			t.Errorf("Parse(%q) = %+v, want an empty config", src, c)
		}
	}
}

// TestParseErrors checks that every error names the file and the line of
// the offending setting.
func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"include: []\nexclud:\n  - x\n", `.cudoscan.yaml:2: unknown key "exclud" (did you mean "exclude"?)`},
		{"colour: red\n", `.cudoscan.yaml:1: unknown key "colour" (known keys: include, exclude, allow, context-words, placeholders, min-confidence, baseline, verify)`},
		{"exclude:\n  - ok/**\n  - \"[oops\"\n", `.cudoscan.yaml:3: invalid glob in exclude`},
		{"include:\n  - /abs/**\n", `.cudoscan.yaml:2: a glob in include never matches: globs match paths relative to the scan root, without a leading / or ./`},
		{"exclude: vendor/**\n", `.cudoscan.yaml:1: exclude must be a list (one "- item" per line), not a single value`},
		{"exclude:\n  - a: b\n", `.cudoscan.yaml:2: exclude entry must be a single value, not a mapping`},
		{"min-confidence: low\n", `.cudoscan.yaml:1: min-confidence must be medium or high`},
		{"allow:\n  - path: docs/**\n", `.cudoscan.yaml:2: this allow entry needs a reason: say why findings there are not leaks`},
		{"allow:\n  - reason: why\n", `.cudoscan.yaml:2: allow entry without a path`},
		{"allow:\n  - path: a\n    reason: b\n    paths: c\n", `.cudoscan.yaml:4: unknown key "allow.paths" (did you mean "allow.path"?)`},
		{"allow:\n  - path: a\n    reason: b\n    rules: [cudo-api-keys]\n", `.cudoscan.yaml:4: unknown rule "cudo-api-keys" in allow.rules (run 'cudoscan rules' for the list)`},
		{"allow:\n  - path: a\n    reason: b\n    rules: []\n", `.cudoscan.yaml:4: allow.rules is empty: leave it out to allow every rule`},
		{"allow:\n  - docs/**\n", `.cudoscan.yaml:2: each allow entry is a mapping with a path and a reason (- path: GLOB, then reason: WHY), not a single value`},
		{"allow:\n  - path: \"[x\"\n    reason: r\n", `.cudoscan.yaml:2: invalid glob in allow`},
		{"context-words: [ab]\n", `.cudoscan.yaml:1: a context word is too short: a word of fewer than 3 characters would make almost any file CUDO context`},
		{"placeholders:\n  - \"\"\n", `.cudoscan.yaml:2: empty placeholders entry`},
		{"verify:\n  timeout: 60\n", `.cudoscan.yaml:2: verify.timeout must be a positive duration with a unit, such as 30s or 2m`},
		{"verify:\n  jobs: 0\n", `.cudoscan.yaml:2: verify.jobs must be a positive whole number`},
		{"verify:\n  timout: 1s\n", `.cudoscan.yaml:2: unknown key "verify.timout" (did you mean "verify.timeout"?)`},
		{"verify:\n  api-url: http://example.com\n", `.cudoscan.yaml:2: verify.api-url: must use https (http is allowed only to localhost, 127.0.0.0/8 and ::1)`},
		{"verify:\n  api-url: https://example.com/v1\n", `.cudoscan.yaml:2: verify.api-url: must be a bare scheme and host, without a path, query or fragment`},
		{"verify: fast\n", `.cudoscan.yaml:1: verify must be a mapping of settings (timeout, max-wait, jobs, api-url), not a single value`},
		{"exclude: []\nexclude: []\n", `.cudoscan.yaml:2: exclude is set twice (first on line 1)`},
		{"- exclude\n", `.cudoscan.yaml:1: expected settings as "key: value" lines, not a list`},
		{"exclude:\n  - a\n bad\n", `.cudoscan.yaml:2: invalid YAML: did not find expected key`},
		{"a: 1\n---\nb: 2\n", `.cudoscan.yaml:2: more than one YAML document; a configuration file holds one`},
		{"baseline:\n", `.cudoscan.yaml:1: baseline must be a single value, not nothing`},
	}
	for _, tt := range tests {
		_, err := Parse(FileName, []byte(tt.src))
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", tt.src, tt.want)
			continue
		}
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("Parse(%q): error %T, want *Error", tt.src, err)
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestAnchorsAndAliases(t *testing.T) {
	c, err := Parse(FileName, []byte("exclude: &ex\n  - a/**\ninclude: *ex\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Include, []string{"a/**"}) || !reflect.DeepEqual(c.Exclude, []string{"a/**"}) {
		t.Errorf("aliases not followed: %+v", c)
	}
}

func TestAllowMatches(t *testing.T) {
	tests := []struct {
		glob, path string
		want       bool
	}{
		{"docs/**", "docs/a/b.md", true},
		{"docs", "docs/a/b.md", true},
		{"docs", "docsx/a.md", false},
		{"**/fixtures", "a/fixtures/x/y.env", true},
		{"*.md", "README.md", true},
		{"*.md", "docs/README.md", false},
		{"README.md", "README.md", true},
	}
	for _, tt := range tests {
		if got := (Allow{Path: tt.glob}).Matches(tt.path); got != tt.want {
			t.Errorf("Allow{%q}.Matches(%q) = %v, want %v", tt.glob, tt.path, got, tt.want)
		}
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	if p, err := Find(dir); p != "" || err != nil {
		t.Fatalf("Find(empty dir) = %q, %v", p, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".cudoscan.yml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(dir); err == nil || !strings.Contains(err.Error(), "rename it to .cudoscan.yaml") {
		t.Errorf("Find with only .cudoscan.yml: %v, want an error", err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(dir); p != filepath.Join(dir, FileName) || err != nil {
		t.Errorf("Find = %q, %v", p, err)
	}
}

// TestExample checks that the file written by 'config init' parses, sets
// nothing but the defaults, and is not itself a finding.
func TestExample(t *testing.T) {
	c, err := Parse(FileName, []byte(Example))
	if err != nil {
		t.Fatalf("the example does not parse: %v", err)
	}
	want := &Config{Path: FileName, MinConfidence: rules.ConfidenceMedium, Verify: Verify{
		Timeout: verify.DefaultTimeout, MaxWait: verify.DefaultMaxWait, Jobs: verify.DefaultJobs, APIURL: verify.DefaultBaseURL,
	}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("the example sets\n%+v\nwant only the defaults\n%+v", c, want)
	}
	if ms := rules.Default.Find([]byte(Example), rules.Hint{Path: FileName}); len(ms) > 0 {
		t.Errorf("the example is a finding: %+v", ms)
	}
	// Every commented-out example line, uncommented, must parse too.
	var lines []string
	for _, l := range strings.Split(Example, "\n") {
		if s := strings.TrimSpace(l); strings.HasPrefix(s, "# - ") || strings.HasPrefix(s, "#   ") || strings.HasPrefix(s, "# baseline:") {
			l = strings.Replace(l, "# ", "", 1)
		}
		lines = append(lines, l)
	}
	if _, err := Parse(FileName, []byte(strings.Join(lines, "\n"))); err != nil {
		t.Errorf("the example with its samples uncommented does not parse: %v", err)
	}
}

// TestErrorsNeverEchoAKey checks that a config error names the key and the
// line, never the value: a config file is repository content, and its
// errors are printed in CI logs. A key pasted where a value belongs, or as
// a key name, never appears in full.
func TestErrorsNeverEchoAKey(t *testing.T) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	key := hex.EncodeToString(b)
	for _, src := range []string{
		"min-confidence: " + key + "\n",
		"exclude: " + key + "\n",
		"allow:\n  - " + key + "\n",
		"allow:\n  - path: \"[" + key + "\"\n    reason: r\n",
		"allow:\n  - path: " + key + "\n",
		"include:\n  - /" + key + "\n",
		"verify:\n  timeout: " + key + "\n",
		"verify:\n  jobs: " + key + "\n",
		"verify:\n  api-url: http://" + key + ".example.com\n",
		"verify:\n  api-url: https://example.com/" + key + "\n",
		"verify: " + key + "\n",
		key + ": 1\n",
		"verify:\n  " + key + ": 1\n",
	} {
		_, err := Parse(FileName, []byte(src))
		if err == nil {
			t.Errorf("Parse(%q): no error", strings.ReplaceAll(src, key, "<key>"))
			continue
		}
		if strings.Contains(err.Error(), key) {
			t.Errorf("the error holds the key: %s", strings.ReplaceAll(err.Error(), key, "<key>"))
		}
	}
}

package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/rules"
)

func TestQuotePath(t *testing.T) {
	for in, want := range map[string]string{
		"deploy/.env":          "deploy/.env",
		"dir with space/é.txt": "dir with space/é.txt",
		"a\nb.env":             `"a\nb.env"`,
		"bad\xff.env":          `"bad\xff.env"`,
		"tab\there":            `"tab\there"`,
		`"quoted`:              `"\"quoted"`,
		"esc\x1b[31mred":       `"esc\x1b[31mred"`,
		"line\u2028sep":        `"line\u2028sep"`,
	} {
		if got := quotePath(in); got != want {
			t.Errorf("quotePath(%q) = %s, want %s", in, got, want)
		}
	}
}

// A file name cannot forge a line of text output, and JSON output stays
// valid UTF-8 whatever the name; the encoding of a key found encoded is
// shown in both.
func TestHostileNamesInOutput(t *testing.T) {
	key := strings.Repeat("0123456789abcdef", 4)
	r := &Report{Mode: "scan", Findings: []finding.Finding{{
		RuleID: rules.RuleAPIKey, Severity: rules.SeverityError, Confidence: rules.ConfidenceHigh,
		Message: "hard-coded CUDO API key", Path: "x\ny.env:1:1: error: forged [cudo-api-key]\xff", Line: 1, Column: 2,
		Secret: key, Encoding: "base64",
	}}, Stats: finding.Stats{Files: 1, Skipped: []finding.Skip{{Path: "p\nq", Reason: "fifo"}}, Errors: []finding.FileError{{Path: "e\rf", Err: "open: denied"}}}}
	var text bytes.Buffer
	if err := Write(&text, r, Options{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	if got := text.String(); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, `"x\ny.env:1:1: error: forged [cudo-api-key]\xff":1:2: error: `) || !strings.Contains(got, "base64-encoded") {
		t.Errorf("text output:\n%s", got)
	}
	var summary bytes.Buffer
	WriteSummary(&summary, r, Options{}, true)
	for _, want := range []string{"cudoscan: \"e\\rf\": open: denied\n", "cudoscan: skipped \"p\\nq\": fifo\n"} {
		if !strings.Contains(summary.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, summary.String())
		}
	}
	var js bytes.Buffer
	if err := Write(&js, r, Options{Format: "json"}); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(js.Bytes()) || !utf8.Valid(js.Bytes()) || !strings.Contains(js.String(), `"encoding": "base64"`) {
		t.Errorf("JSON output:\n%s", js.String())
	}
}

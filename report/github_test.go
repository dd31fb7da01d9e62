package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/rules"
)

func TestGitHubEscaping(t *testing.T) {
	if got := escapeData("50% done\r\nnext::line"); got != "50%25 done%0D%0Anext::line" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a,b:c%\n"); got != "a%2Cb%3Ac%25%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
}

// TestGitHubOneCommandPerFinding: whatever a path or a message holds, each
// finding is exactly one line, so nothing can start a workflow command of
// its own.
func TestGitHubOneCommandPerFinding(t *testing.T) {
	key := testkeys.New(t)
	evil := keyFinding("x\n::add-mask::,y:z.env", 2, key)
	evil.Message = "two\nlines\r\n::error::injected"
	warn := finding.Finding{RuleID: rules.RuleDirective, Kind: rules.KindUnused, Severity: rules.SeverityWarning,
		Confidence: rules.ConfidenceHigh, Message: "unused", Path: "a.py", Line: 1, Column: 3, EndLine: 1, EndColumn: 20}
	hidden := keyFinding("h.env", 1, key)
	hidden.Suppressed, hidden.SuppressReason = true, "revoked"
	r := &Report{Findings: []finding.Finding{evil, warn, hidden}}

	var buf bytes.Buffer
	if err := Write(&buf, r, Options{Format: "github", ShowSecrets: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2 (suppressed hidden):\n%s", len(lines), buf.String())
	}
	want := "::error file=x%0A%3A%3Aadd-mask%3A%3A%2Cy%3Az.env,line=2,col=14,endLine=2,endColumn=78,title=Hard-coded CUDO API key (cudo-api-key)::two%0Alines%0D%0A::error::injected (key " + Redact(key) + ", high confidence)."
	if lines[0] != want {
		t.Errorf("got  %s\nwant %s", lines[0], want)
	}
	if !strings.HasPrefix(lines[1], "::warning file=a.py,line=1,col=3,endLine=1,endColumn=20,title=Problem with a cudoscan%3Aallow directive (cudoscan-directive)::") {
		t.Errorf("warning line = %s", lines[1])
	}
	if strings.Contains(buf.String(), key) {
		t.Error("the github format printed a key despite being meant for public logs")
	}

	buf.Reset()
	if err := Write(&buf, r, Options{Format: "github", ShowSuppressed: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "::notice file=h.env,line=1,col=14,endLine=1,endColumn=78,title=Suppressed%3A Hard-coded CUDO API key (cudo-api-key)::Suppressed (revoked): ") {
		t.Errorf("no notice for the suppressed finding:\n%s", buf.String())
	}
}

// TestEveryFormatRedacts writes a report in every format, with and without
// suppressed findings listed, and looks for the key.
func TestEveryFormatRedacts(t *testing.T) {
	key := testkeys.New(t)
	hidden := keyFinding("h.env", 1, key)
	hidden.Suppressed, hidden.SuppressReason = true, "revoked"
	r := &Report{Mode: "scan", Findings: []finding.Finding{keyFinding("a.env", 1, key), hidden}}
	for _, f := range Formats {
		for _, listed := range []bool{false, true} {
			var buf bytes.Buffer
			opts := Options{Format: f, ShowSuppressed: listed}
			if err := Write(&buf, r, opts); err != nil {
				t.Fatal(err)
			}
			if listed && f == "text" {
				if err := WriteSuppressed(&buf, r, opts); err != nil {
					t.Fatal(err)
				}
			}
			if buf.Len() == 0 {
				t.Errorf("%s wrote nothing", f)
			}
			if strings.Contains(buf.String(), key) {
				t.Errorf("%s (list suppressed: %v) printed the full key", f, listed)
			}
		}
	}
}

// Package fakerule_test adds a rule to the catalog the way a new rule is
// added, from one file, and checks that everything that reads the catalog
// picks it up with nothing else edited: the detector runs it (only in CUDO
// context, as it asks), `cudoscan rules` and the README's table list it,
// SARIF ranks it by its own properties, and --verify never sends its
// secret. It is a package of its own because registering is global: the
// fake rule must not leak into the other packages' tests.
package fakerule_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
)

const fakeID = "cudo-fake-token"

// The whole rule: what "Adding a rule" in the README asks for.
func init() {
	rules.Register(rules.Rule{
		ID: fakeID, Title: "Fake CUDO token", Severity: rules.SeverityError,
		Summary:      "A FAKE- token with CUDO context.",
		Description:  "Finds FAKE- followed by 16 hex digits in files that mention CUDO. It exists to test the catalog.",
		NeedsContext: true, Order: 50,
		Find: func(_ *rules.Detector, src []byte, _ rules.Hint, _ *rules.Context, out []rules.Match) []rules.Match {
			for i := 0; ; {
				j := bytes.Index(src[i:], []byte("FAKE-"))
				if j < 0 {
					return out
				}
				start := i + j
				i = start + 5
				if end := i + 16; end <= len(src) && isHex(src[i:end]) {
					out = append(out, rules.Match{RuleID: fakeID, Severity: rules.SeverityError, Confidence: rules.ConfidenceHigh,
						Start: start, End: end, Secret: string(src[start:end]), Message: "fake token"})
				}
			}
		},
		SecretShape: "FAKE- and 16 hex digits",
		Tags:        []string{"security", "test"}, Precision: "medium", SecuritySeverity: "7.5",
		Examples: []rules.Example{
			{Match: true, Path: "cudo.yml", Text: "token: FAKE-0123456789abcdef\n"},
			{Match: false, Path: "notes.txt", Reason: "no CUDO context", Text: "token: FAKE-0123456789abcdef\n"},
		},
	})
}

func isHex(b []byte) bool {
	_, err := hex.DecodeString(string(b))
	return err == nil
}

func TestAddedRuleIsEverywhere(t *testing.T) {
	r, ok := rules.Lookup(fakeID)
	if !ok {
		t.Fatalf("%s is not in the catalog", fakeID)
	}
	// The detector runs it, by its examples.
	for _, ex := range r.Examples {
		found := false
		for _, m := range rules.Default.Find([]byte(ex.Text), rules.Hint{Path: ex.Path}) {
			found = found || m.RuleID == fakeID
		}
		if found != ex.Match {
			t.Errorf("example in %s: matched %v, want %v", ex.Path, found, ex.Match)
		}
	}
	// The README's table and SARIF's rule metadata come from it.
	if !strings.Contains(rules.RuleTable(), "| `"+fakeID+"` | error | A FAKE- token with CUDO context. | FAKE- and 16 hex digits | no | 7.5 |") {
		t.Errorf("the table of rules lacks the new rule:\n%s", rules.RuleTable())
	}
	rep := &report.Report{Mode: "scan", Findings: []finding.Finding{{RuleID: fakeID, Severity: rules.SeverityError,
		Confidence: rules.ConfidenceHigh, Path: "cudo.yml", Line: 1, Column: 8, Secret: "FAKE-0123456789abcdef", Message: "fake token"}}}
	var sarif bytes.Buffer
	if err := report.Write(&sarif, rep, report.Options{Format: "sarif"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id": "` + fakeID + `"`, `"security-severity": "7.5"`, `"precision": "medium"`, `"test"`} {
		if !strings.Contains(sarif.String(), want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	// --verify sends only CUDO API keys.
	if rules.Verifiable(fakeID) {
		t.Errorf("a rule that does not say it is verifiable is")
	}
}

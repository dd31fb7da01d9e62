package rules

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's table of rules from the catalog")

// TestCatalog: the built-in rules are all registered, each whole: docs,
// examples of both kinds (except the directive rule, whose examples are
// the directives in the others'), SARIF properties. A rule that failed to
// register would make every other test of the catalog pass vacuously.
func TestCatalog(t *testing.T) {
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.ID)
		if r.Description == "" || r.Title == "" || r.Summary == "" || len(r.Tags) == 0 || r.Precision == "" {
			t.Errorf("%s is incomplete: %+v", r.ID, r)
		}
		if r.Verifiable && r.SecretShape == "" {
			t.Errorf("%s: a verifiable rule says what its secret looks like (shape %q, verifiable %v)", r.ID, r.SecretShape, r.Verifiable)
		}
		pos, neg := 0, 0
		for _, ex := range r.Examples {
			if ex.Match {
				pos++
			} else {
				neg++
			}
		}
		if r.ID != RuleDirective && (pos == 0 || neg == 0) {
			t.Errorf("%s has %d positive and %d negative examples; it needs both", r.ID, pos, neg)
		}
	}
	want := []string{RuleActionsVar, RuleAPIKey, RuleAPIKeyPrefixed, RuleAuthHeader, RuleDirective, RuleObjectStorageKey, RuleVMPassword}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("catalog %q, want %q", ids, want)
	}
	if !Verifiable(RuleAPIKey) || Verifiable(RuleAuthHeader) || Verifiable(RuleActionsVar) || Verifiable(RuleObjectStorageKey) || Verifiable(RuleVMPassword) || Verifiable("no-such-rule") {
		t.Errorf("only API keys are verifiable")
	}
}

// TestREADMERules: the README's table of rules is the catalog's.
func TestREADMERules(t *testing.T) {
	const readme = "../README.md"
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	begin, end := strings.Index(text, RuleTableBegin), strings.Index(text, RuleTableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("%s lacks the markers %q and %q around the table of rules", readme, RuleTableBegin, RuleTableEnd)
	}
	want := "\n" + RuleTable()
	if current := text[begin+len(RuleTableBegin) : end]; current == want {
		return
	} else if !*update {
		t.Fatalf("the README's table of rules differs from the catalog; run go test ./rules -run TestREADMERules -update\nREADME:\n%s\ncatalog:\n%s", current, want)
	}
	if err := os.WriteFile(readme, []byte(text[:begin+len(RuleTableBegin)]+want+text[end:]), 0o644); err != nil {
		t.Fatal(err)
	}
}

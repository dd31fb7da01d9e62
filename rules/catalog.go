package rules

import (
	"embed"
	"sort"
	"strings"
)

// docs holds each rule's description, docs/<rule ID>.txt. They name the
// malformed forms they describe, so they live apart from the code, like the
// examples, and the self-scan excludes them as fixtures.
//
//go:embed docs/*.txt
var docs embed.FS

// Rule documents one rule. The same text drives `cudoscan rules`, the SARIF
// rule metadata and the README, so it is written once, here.
type Rule struct {
	ID       string
	Title    string
	Severity Severity // the usual severity; some kinds of a rule differ
	// Summary is one line; Description explains what the rule finds, why it
	// matters and how to fix it.
	Summary     string
	Description string
	// Examples prove the rule: each positive one must match, each negative
	// one must not. They come from examples.txtar.
	Examples []Example
}

var catalog = []Rule{
	{ID: RuleAPIKey, Title: "Hard-coded CUDO API key", Severity: SeverityError,
		Summary: "A 64-hex CUDO Compute API key with CUDO context."},
	{ID: RuleAPIKeyPrefixed, Title: "Hard-coded prefixed CUDO API key", Severity: SeverityError,
		Summary: "A ck_live_ or ck_test_ token that is not a placeholder."},
	{ID: RuleAuthHeader, Title: "Malformed CUDO Authorization header", Severity: SeverityError,
		Summary: "An Authorization header CUDO will answer with 401 or 400."},
	{ID: RuleActionsVar, Title: "CUDO key in a plain GitHub Actions variable", Severity: SeverityWarning,
		Summary: "${{ vars.CUDO_API_KEY }}: the key is stored as a variable, not a secret."},
	{ID: RuleDirective, Title: "Problem with a cudoscan:allow directive", Severity: SeverityWarning,
		Summary: "A suppression without a reason, or one that suppresses nothing."},
}

// All returns every rule, ordered by ID.
func All() []Rule {
	rs := make([]Rule, len(catalog))
	copy(rs, catalog)
	ex := examplesByRule()
	for i := range rs {
		rs[i].Examples = ex[rs[i].ID]
		b, err := docs.ReadFile("docs/" + rs[i].ID + ".txt")
		if err != nil {
			panic("rules: no description for " + rs[i].ID)
		}
		rs[i].Description = strings.TrimSpace(string(b))
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	return rs
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

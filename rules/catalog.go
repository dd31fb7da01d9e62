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

// All returns every rule of the catalog, sorted by ID, with its
// description and examples.
func All() []Rule {
	rs := registered()
	ex := examplesByRule()
	for i := range rs {
		if len(rs[i].Examples) == 0 {
			rs[i].Examples = ex[rs[i].ID]
		}
		if rs[i].Description == "" {
			b, err := docs.ReadFile("docs/" + rs[i].ID + ".txt")
			if err != nil {
				panic("rules: no description for " + rs[i].ID)
			}
			rs[i].Description = strings.TrimSpace(string(b))
		}
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

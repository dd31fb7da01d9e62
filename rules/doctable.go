package rules

import (
	"fmt"
	"strings"
)

// The README's markers around RuleTable.
const (
	RuleTableBegin = "<!-- rules: generated from the rules catalog; go test ./rules -run TestREADMERules -update -->"
	RuleTableEnd   = "<!-- end of rules -->"
)

// RuleTable returns the README's table of rules, in Markdown, from the
// catalog: a rule added to the catalog is in the README's table, and a
// test fails until the README says so.
func RuleTable() string {
	var b strings.Builder
	b.WriteString("| rule | severity | finds | secret | `--verify` | SARIF security-severity |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range All() {
		verify := "no"
		if r.Verifiable {
			verify = "yes"
		}
		shape := r.SecretShape
		if shape == "" {
			shape = "none"
		}
		sev := r.SecuritySeverity
		if sev == "" {
			sev = "none"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", r.ID, r.Severity, escapeCell(r.Summary), shape, verify, sev)
	}
	return b.String()
}

// escapeCell keeps a Markdown table cell in its column.
func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

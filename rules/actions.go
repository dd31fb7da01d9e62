package rules

import "bytes"

// findActionsVariables reports ${{ vars.CUDO_API_KEY }} in GitHub Actions
// workflows: the key was stored as a plain configuration variable, readable
// by anyone with read access and printed unmasked in logs, not as a secret.
//
// Only YAML files (and buffers of unknown type) are read: the expression
// means something only in a workflow or an action.
func (d *Detector) findActionsVariables(src []byte, path string, out []Match) []Match {
	if !isYAMLPath(path) {
		return out
	}
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("vars."))
		if j < 0 {
			return out
		}
		start := i + j
		i = start + 5
		if start > 0 && isIdentByte(src[start-1]) {
			continue
		}
		end := i
		for end < len(src) && (isAlnum(src[end]) || src[end] == '_' || src[end] == '-') {
			end++
		}
		name := string(src[i:end])
		if classifyName(name, d.extra) != nameCudoKey {
			continue
		}
		out = append(out, Match{
			RuleID: RuleActionsVar, Severity: SeverityWarning, Confidence: ConfidenceHigh,
			Start: start, End: end,
			Message: "CUDO key read from the plain Actions variable " + name +
				": variables are not masked in logs and are readable by anyone with access; store it as a secret and use ${{ secrets." + name + " }}",
		})
	}
}

// RuleActionsVar is the ID of the rule this file implements.
const RuleActionsVar = "cudo-actions-variable"

func init() {
	Register(Rule{ID: RuleActionsVar, Title: "CUDO key in a plain GitHub Actions variable", Severity: SeverityWarning,
		Summary:      "${{ vars.CUDO_API_KEY }}: the key is stored as a variable, not a secret.",
		NeedsContext: true, Order: 40,
		Find: func(d *Detector, src []byte, hint Hint, _ *Context, out []Match) []Match {
			return d.findActionsVariables(src, hint.Path, out)
		},
		Tags: []string{"security", "secrets", "cudo"}, Precision: "high", SecuritySeverity: "5.0",
	})
}

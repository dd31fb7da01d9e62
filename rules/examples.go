package rules

import (
	_ "embed"
	"strings"
)

// Example is a rule example from examples.txtar. Its text holds markers
// that stand for key material, which is never written in the repository:
// {{key}} and {{key2}} are 64-hex keys, {{ck}} a ck_live_ key.
type Example struct {
	Match      bool       // the rule must match (true) or must not (false)
	Kind       string     // for a positive example, the kind it must report, if any
	Confidence Confidence // for a positive example, the confidence it must report, if any
	Path       string     // the file the text stands in; its name is context
	Reason     string     // for a negative example, why it must not match
	Text       string
}

// ExampleMarkers lists the markers an example may hold.
var ExampleMarkers = []string{"{{key}}", "{{key2}}", "{{ck}}", "{{s3id}}", "{{s3secret}}", "{{s3token}}", "{{vmpass}}"}

// Render replaces the markers of an example's text with the given values,
// in the order of ExampleMarkers.
func (e Example) Render(values ...string) string {
	s := e.Text
	for i, m := range ExampleMarkers {
		if i < len(values) {
			s = strings.ReplaceAll(s, m, values[i])
		}
	}
	return s
}

//go:embed examples.txtar
var examplesTxtar string

// examplesByRule parses examples.txtar. Its file headers read
//
//	-- RULE match[:KIND] [@CONFIDENCE] PATH --
//	-- RULE nomatch PATH # REASON --
func examplesByRule() map[string][]Example {
	out := map[string][]Example{}
	var cur *Example
	var rule string
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimSuffix(cur.Text, "\n") + "\n"
			out[rule] = append(out[rule], *cur)
		}
	}
	for _, line := range strings.SplitAfter(examplesTxtar, "\n") {
		if h, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "-- "); ok && strings.HasSuffix(h, " --") {
			flush()
			rule, cur = parseExampleHeader(strings.TrimSuffix(h, " --"))
			continue
		}
		if cur != nil {
			cur.Text += line
		}
	}
	flush()
	return out
}

func parseExampleHeader(h string) (string, *Example) {
	h, reason, _ := strings.Cut(h, " # ")
	f := strings.Fields(h)
	if len(f) < 3 {
		panic("rules: bad example header: " + h)
	}
	e := &Example{Reason: strings.TrimSpace(reason), Path: f[len(f)-1]}
	verdict, kind, _ := strings.Cut(f[1], ":")
	e.Match, e.Kind = verdict == "match", kind
	if len(f) == 4 && strings.HasPrefix(f[2], "@") {
		c, ok := ParseConfidence(f[2][1:])
		if !ok {
			panic("rules: bad confidence in example header: " + h)
		}
		e.Confidence = c
	}
	return f[0], e
}

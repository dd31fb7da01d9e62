package rules

import (
	"bytes"
	"strings"
)

// directiveText starts an inline suppression: cudoscan:allow <reason>, in a
// comment on the line of a finding or on the line before it.
const directiveText = "cudoscan:allow"

// The kinds of cudoscan-directive match.
const (
	KindMissingReason = "missing-reason"
	KindUnused        = "unused"
)

// Directive is an inline suppression found in a buffer.
type Directive struct {
	Start, End int    // the directive text, from "cudoscan:allow" to the end of its reason
	Reason     string // "" when the reason is missing
	// CoverStart and CoverEnd delimit the lines it covers: its own and the next.
	CoverStart, CoverEnd int
}

// commentMarkers open a comment in some language. A directive must follow
// one, so that prose and string literals naming the directive are not
// directives.
var commentMarkers = []string{"//", "#", "/*", "*", "<!--", "--", ";", "%", "{#", "'", "rem", "::"}

// commentClosers end a comment on the directive's line; they are not part
// of the reason.
var commentClosers = []string{"*/", "-->", "#}", "%}", "}}", "--%>"}

// ParseDirectives returns the cudoscan:allow directives of src.
func ParseDirectives(src []byte) []Directive {
	var ds []Directive
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(directiveText))
		if j < 0 {
			return ds
		}
		if d, ok := directiveAt(src, i+j); ok {
			ds = append(ds, d)
		}
		i += j + len(directiveText)
	}
}

// directiveAt parses the directive whose text starts at p.
func directiveAt(src []byte, p int) (Directive, bool) {
	e := p + len(directiveText)
	if e < len(src) && isIdentByte(src[e]) {
		return Directive{}, false // cudoscan:allowed, cudoscan:allow-list
	}
	ls := lineStart(src, p, 4096)
	before := bytes.TrimRight(src[ls:p], " \t")
	marked := false
	for _, mk := range commentMarkers {
		marked = marked || hasSuffixFold(before, mk)
	}
	if !marked {
		return Directive{}, false
	}
	le := lineEnd(src, e, 4096)
	reason := strings.TrimSpace(string(src[e:le]))
	for _, c := range commentClosers {
		reason = strings.TrimSpace(strings.TrimSuffix(reason, c))
	}
	// The covered range ends with the line after the directive.
	next := le
	if next < len(src) && src[next] == '\r' {
		next++
	}
	if next < len(src) && src[next] == '\n' {
		next++
	}
	return Directive{Start: p, End: le, Reason: reason, CoverStart: ls, CoverEnd: lineEnd(src, next, 1<<20)}, true
}

// applyDirectives marks the matches that a directive with a reason covers,
// and adds a match for every directive without a reason or that covers
// nothing.
func applyDirectives(src []byte, at []int, ms []Match) []Match {
	if len(at) == 0 {
		return ms
	}
	var ds []Directive
	for _, p := range at {
		if d, ok := directiveAt(src, p); ok {
			ds = append(ds, d)
		}
	}
	used := make([]bool, len(ds))
	for i := range ms {
		for k, d := range ds {
			if d.Reason != "" && ms[i].Start >= d.CoverStart && ms[i].Start < d.CoverEnd {
				ms[i].Suppressed, ms[i].SuppressReason = true, d.Reason
				used[k] = true
				break
			}
		}
	}
	for k, d := range ds {
		switch {
		case d.Reason == "":
			ms = append(ms, Match{RuleID: RuleDirective, Kind: KindMissingReason, Severity: SeverityError,
				Confidence: ConfidenceHigh, Start: d.Start, End: d.End,
				Message: "cudoscan:allow needs a reason (cudoscan:allow <why this is not a leak>); without one it suppresses nothing"})
		case !used[k]:
			ms = append(ms, Match{RuleID: RuleDirective, Kind: KindUnused, Severity: SeverityWarning,
				Confidence: ConfidenceHigh, Start: d.Start, End: d.End,
				Message: "cudoscan:allow suppresses nothing on this line or the next: remove it"})
		}
	}
	return ms
}

package rules

import (
	"bytes"
	"sort"
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
	own, next := lineMemo{src: src}, lineMemo{src: src}
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(directiveText))
		if j < 0 {
			return ds
		}
		if d, ok := directiveAt(src, i+j, &own, &next); ok {
			ds = append(ds, d)
		}
		i += j + len(directiveText)
	}
}

// Bounds on how far a directive reaches, so that one on a minified line
// does not drag the whole line along.
const (
	directiveBack   = 4096    // the line before a directive that is read
	directiveReason = 512     // the longest reason
	directiveCover  = 1 << 20 // how far into the next line it covers
)

// directiveAt parses the directive whose text starts at p. own and next
// measure its line and the next one; directives must be parsed in order.
func directiveAt(src []byte, p int, own, next *lineMemo) (Directive, bool) {
	e := p + len(directiveText)
	if e < len(src) && isIdentByte(src[e]) {
		return Directive{}, false // cudoscan:allowed, cudoscan:allow-list
	}
	lineLo, lineHi := own.line(p)
	ls := max(lineLo, p-directiveBack)
	before := bytes.TrimRight(src[ls:p], " \t")
	marked := false
	for _, mk := range commentMarkers {
		if hasSuffixFold(before, mk) {
			// A marker right after a quote opens a string literal that
			// names the directive ("# cudoscan:allow ..." in a test), not
			// a comment.
			at := len(before) - len(mk)
			marked = marked || at == 0 || !isQuote(before[at-1])
		}
	}
	if !marked {
		return Directive{}, false
	}
	le := min(lineHi, e+directiveReason)
	reason := strings.TrimSpace(string(src[e:le]))
	for _, c := range commentClosers {
		reason = strings.TrimSpace(strings.TrimSuffix(reason, c))
	}
	if isPlaceholderReason(reason) {
		reason = "" // "cudoscan:allow <reason>" copied from the docs gives none
	}
	// The reason is printed (--list-suppressed, JSON, SARIF): never a key in it.
	reason = RedactKeyShaped(reason)
	// The covered range ends with the line after the directive's, however
	// long the directive's line is.
	n := lineHi
	if n < len(src) && src[n] == '\r' {
		n++
	}
	if n < len(src) && src[n] == '\n' {
		n++
	}
	_, nextHi := next.line(n)
	return Directive{Start: p, End: le, Reason: reason, CoverStart: ls, CoverEnd: min(nextHi, n+directiveCover)}, true
}

// lineMemo measures the line around a position, remembering the last line
// it measured. Directives come in order, so many on one long line cost one
// scan of that line, not one each: without it, a line of directives would
// make the scan quadratic.
type lineMemo struct {
	src        []byte
	start, end int // the last line measured: src[start:end], ended by a break or the buffer
	measured   bool
}

// line returns the start and end (the offset of its line break) of the line
// holding pos.
func (l *lineMemo) line(pos int) (start, end int) {
	if !l.measured || pos < l.start || pos > l.end {
		l.start, l.end, l.measured = lineStart(l.src, pos, pos), lineEnd(l.src, pos, len(l.src)), true
	}
	return l.start, l.end
}

// applyDirectives marks the matches that a directive with a reason covers,
// and adds a match for every directive without a reason or that covers
// nothing.
func applyDirectives(src []byte, at []int, ms []Match) []Match {
	if len(at) == 0 {
		return ms
	}
	var ds []Directive
	own, next := lineMemo{src: src}, lineMemo{src: src}
	for _, p := range at {
		if d, ok := directiveAt(src, p, &own, &next); ok {
			ds = append(ds, d)
		}
	}
	// used: by a match (1) or only by matches that need a file-level
	// mention (-1), so that the directive is unused without one.
	used := make([]int8, len(ds))
	for i := range ms {
		// Directives are in order, and so are both ends of what they
		// cover: the ones that may cover a match start at the first whose
		// cover ends after it.
		start := ms[i].Start
		for k := sort.Search(len(ds), func(k int) bool { return ds[k].CoverEnd > start }); k < len(ds) && ds[k].CoverStart <= start; k++ {
			if start >= ds[k].Start && start < ds[k].End {
				continue // a key written in the directive itself is never allowed by it
			}
			if ds[k].Reason != "" {
				ms[i].Suppressed, ms[i].SuppressReason = true, ds[k].Reason
				if !ms[i].NeedsFileMention {
					used[k] = 1
				} else if used[k] == 0 {
					used[k] = -1
				}
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
		case used[k] <= 0:
			ms = append(ms, Match{RuleID: RuleDirective, Kind: KindUnused, Severity: SeverityWarning,
				Confidence: ConfidenceHigh, Start: d.Start, End: d.End, UnlessFileMention: used[k] < 0,
				Message: "cudoscan:allow suppresses nothing on this line or the next: remove it"})
		}
	}
	return ms
}

// isPlaceholderReason reports a reason that is only a placeholder such as
// <reason> or <why>.
func isPlaceholderReason(r string) bool {
	return len(r) > 2 && r[0] == '<' && r[len(r)-1] == '>' && !strings.ContainsAny(r[1:len(r)-1], "<>")
}

// RuleDirective is the ID of the rule this file implements.
const RuleDirective = "cudoscan-directive"

func init() {
	// Applied by the detector to every other rule's matches: no finder.
	Register(Rule{ID: RuleDirective, Title: "Problem with a cudoscan:allow directive", Severity: SeverityWarning,
		Summary: "A suppression without a reason, or one that suppresses nothing.",
		Order:   100,
		Tags:    []string{"maintainability"}, Precision: "very-high",
	})
}

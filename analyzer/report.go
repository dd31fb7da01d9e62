package analyzer

import (
	"go/token"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/cudoscan/cudoscan/rules"
)

// finding is a problem found by a type-based check. It is kept as byte
// offsets in its file, like the core's matches, so that it can be compared
// with them and with the file's directives before anything is reported.
type finding struct {
	file       *file
	start, end int
	rule, kind string
	message    string
	secret     string // the key, for key findings
	fixes      []analysis.SuggestedFix
}

type findingKey struct {
	tok        *token.File
	start      int
	rule, kind string
}

// add records a finding at [pos, end) unless the same problem was already
// found there (a header value reached from two requests).
func (u *unit) add(pos, end token.Pos, rule, kind, message, secret string, fixes []analysis.SuggestedFix) {
	f := u.fileOf(pos)
	if f == nil {
		return // not in a Go file of this package
	}
	start := f.tok.Offset(pos)
	k := findingKey{f.tok, start, rule, kind}
	if u.seen[k] {
		return
	}
	u.seen[k] = true
	stop := start
	if f.tok == u.pass.Fset.File(end) {
		stop = f.tok.Offset(end)
	}
	u.found = append(u.found, finding{file: f, start: start, end: stop, rule: rule, kind: kind,
		message: message, secret: secret, fixes: fixes})
}

// report reports, file by file, the core's matches and the type-based
// findings, after merging the two and applying the file's directives.
func (u *unit) report() {
	byFile := map[*file][]finding{}
	for _, x := range u.found {
		byFile[x.file] = append(byFile[x.file], x)
	}
	for _, f := range slices.Concat(u.files, u.texts) {
		u.reportFile(f, byFile[f])
	}
}

func (u *unit) reportFile(f *file, found []finding) {
	var (
		directives []rules.Directive
		parsed     bool
		used       = map[int]bool{} // directive starts that suppressed a finding
		fixesOf    = map[int][]analysis.SuggestedFix{}
		own        []finding
	)
	for _, x := range found {
		if coreTwin(f.belowMin, x) >= 0 {
			continue // the core found it too, below min-confidence
		}
		if i := coreTwin(f.matches, x); i >= 0 {
			// The core reported the same problem at the same place: the
			// scanner prints that one, so the analyzer does too, with the
			// fix that only the type-based check could write.
			if fixesOf[i] == nil {
				fixesOf[i] = x.fixes
			}
			continue
		}
		if !parsed {
			directives, parsed = rules.ParseDirectives(f.src), true
		}
		if d, ok := covering(directives, x.start); ok {
			used[d.Start] = true
			continue
		}
		own = append(own, x)
	}

	var diags []analysis.Diagnostic
	for i, m := range f.matches {
		if m.Suppressed {
			continue
		}
		if m.RuleID == rules.RuleDirective && m.Kind == rules.KindUnused && used[m.Start] {
			// The core saw no text match under this directive, but it
			// suppresses a type-based finding: it is in use.
			continue
		}
		fixes := fixesOf[i]
		if fixes == nil && f.ast != nil && m.Secret != "" && (m.RuleID == rules.RuleAPIKey || m.RuleID == rules.RuleAPIKeyPrefixed) {
			fixes = u.keyFix(f, f.tok.Pos(m.Start), m.Secret)
		}
		diags = append(diags, diagnostic(f, m.Start, m.End, m.RuleID, m.Message, m.Secret, fixes))
	}
	for _, x := range own {
		diags = append(diags, diagnostic(f, x.start, x.end, x.rule, x.message, x.secret, x.fixes))
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Pos < diags[j].Pos })
	for _, d := range diags {
		if _, allowed := u.policy.pol.Allowed(d.Category, f.rel); allowed {
			continue // the config file's allow list, as cudoscan applies it
		}
		u.pass.Report(d)
	}
}

// coreTwin returns the index of the core match that reports the same
// problem as x, or -1: the same key at the same offset, or the same kind of
// header problem over overlapping bytes (the core may start a value at the
// { of http.Header{"Authorization": {key}}, the analyzer at key).
func coreTwin(ms []rules.Match, x finding) int {
	for i, m := range ms {
		switch {
		case x.secret != "" && m.Secret == x.secret && m.Start == x.start:
			return i
		case x.rule == rules.RuleAuthHeader && m.RuleID == x.rule && m.Kind == x.kind &&
			m.Start < max(x.end, x.start+1) && x.start < max(m.End, m.Start+1):
			return i
		}
	}
	return -1
}

// covering returns the directive with a reason that covers offset off: the
// same rule the core applies to its own matches.
func covering(ds []rules.Directive, off int) (rules.Directive, bool) {
	for _, d := range ds {
		if d.Reason != "" && off >= d.CoverStart && off < d.CoverEnd {
			return d, true
		}
	}
	return rules.Directive{}, false
}

func diagnostic(f *file, start, end int, rule, message, secret string, fixes []analysis.SuggestedFix) analysis.Diagnostic {
	if secret != "" {
		message += " (key " + rules.Redact(secret) + ")" // as cudoscan shows it
	}
	return analysis.Diagnostic{
		Pos:            f.at.Pos(start),
		End:            f.at.Pos(end),
		Category:       rule,
		Message:        message,
		SuggestedFixes: fixes,
	}
}

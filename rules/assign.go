package rules

import "bytes"

// assignment is a literal value given to a name: `name = "value"`,
// `name: value`, `"name": "value"`, `name="value"` as a call argument, or
// a Go field `Name: "value"`. The rules for credentials other than the
// API key (object-storage keys, VM passwords) find them from the name.
type assignment struct {
	name         []byte // the name as written, without quotes
	start, end   int    // the value's bytes, quotes excluded
	quoted, last bool   // the value was quoted; it ends its line
}

// anchor is a string whose occurrences assignmentsAt asks about.
type anchor struct {
	text string
	// fold: text is four lowercase letters, found in any case in one
	// vectorised pass (forEachFold4) rather than one search per case.
	fold bool
}

func exactAnchor(s string) anchor { return anchor{text: s} }
func foldAnchor(s string) anchor  { return anchor{text: s, fold: true} }

// assignmentsAt calls fn for each literal assigned to a name that nameAt
// accepts. nameAt is asked about each place where one of anchors occurs
// (strings chosen to be rare in prose and common in the names sought, such
// as the capital K of accessKey, "_key", or "swor" of password in any
// case); it returns a span inside the name, or false. A vectorised search
// per anchor costs far less than a search per name. Values that are not
// literals (a variable, an expression, ${...}) are not passed.
func assignmentsAt(src []byte, anchors []anchor, nameAt func(pos int, anchor string) (lo, hi int, ok bool), fn func(a assignment)) {
	seen := map[int]bool{}
	try := func(at int, text string) {
		lo, hi, ok := nameAt(at, text)
		if !ok {
			return
		}
		if a, ok := assignmentAt(src, lo, hi); ok && !seen[a.start] {
			seen[a.start] = true
			fn(a)
		}
	}
	for _, an := range anchors {
		if an.fold {
			forEachFold4(src, foldedWord(an.text), func(at int) { try(at, an.text) })
			continue
		}
		for i := 0; ; {
			j := bytes.Index(src[i:], []byte(an.text))
			if j < 0 {
				break
			}
			at := i + j
			i = at + 1
			try(at, an.text)
		}
	}
}

// wordAt reports whether src holds word (in any case) so that its byte at
// index k sits at i, and returns its span.
func wordAt(src []byte, i, k int, word string) (int, int, bool) {
	lo := i - k
	if lo < 0 || lo+len(word) > len(src) || !hasPrefixFold(src[lo:], word) {
		return 0, 0, false
	}
	return lo, lo + len(word), true
}

// assignmentAt reads the assignment whose name contains src[lo:hi].
func assignmentAt(src []byte, lo, hi int) (assignment, bool) {
	// The whole name: identifier bytes around the anchor.
	for lo > 0 && isNameByte(src[lo-1]) {
		lo--
	}
	for hi < len(src) && isNameByte(src[hi]) {
		hi++
	}
	a := assignment{name: src[lo:hi]}
	p := hi
	if p < len(src) && (src[p] == '"' || src[p] == '\'') {
		p++ // "name": value
	}
	for p < len(src) && (src[p] == ' ' || src[p] == '\t') {
		p++
	}
	if p >= len(src) || (src[p] != '=' && src[p] != ':') {
		return a, false
	}
	if src[p] == ':' && p+1 < len(src) && src[p+1] == '=' {
		p++ // Go's :=
	}
	p++
	for p < len(src) && (src[p] == ' ' || src[p] == '\t') {
		p++
	}
	if p >= len(src) {
		return a, false
	}
	if q := src[p]; q == '"' || q == '\'' || q == '`' {
		end := bytes.IndexByte(src[p+1:min(len(src), p+1+4096)], q)
		if end < 0 {
			return a, false
		}
		a.start, a.end, a.quoted = p+1, p+1+end, true
	} else {
		end := p
		for end < len(src) && !isValueEnd(src[end]) {
			end++
		}
		a.start, a.end = p, end
	}
	a.last = a.end >= len(src) || bytes.IndexByte(src[a.end:min(len(src), a.end+3)], '\n') >= 0
	v := src[a.start:a.end]
	if len(v) == 0 || isReference(v) {
		return a, false
	}
	return a, true
}

func isNameByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' || c == '.' }

func isValueEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == ')' || c == '}' || c == '#'
}

// isReference reports a value that names a secret rather than being one:
// a variable, an environment lookup, a template.
func isReference(v []byte) bool {
	switch {
	case v[0] == '$' || v[0] == '<' || v[0] == '{' || v[0] == '%':
		return true
	case bytes.Contains(v, []byte("${")) || bytes.Contains(v, []byte("{{")):
		return true
	case bytes.HasPrefix(v, []byte("var.")) || bytes.HasPrefix(v, []byte("local.")) || bytes.HasPrefix(v, []byte("os.")) ||
		bytes.HasPrefix(v, []byte("env.")) || bytes.HasPrefix(v, []byte("process.env")) || bytes.HasPrefix(v, []byte("random_password.")):
		return true
	}
	return false
}

// looksPlaceholder reports a value written to be replaced: "your-secret",
// "EXAMPLE", "xxxx", "changeme", "...".
func looksPlaceholder(v []byte) bool {
	lv := bytes.ToLower(v)
	for _, w := range []string{"example", "your", "xxxx", "changeme", "change-me", "change_me", "placeholder", "dummy",
		"redacted", "replace", "secret-key", "access-key", "password", "****", "...", "todo", "<", ">"} {
		if bytes.Contains(lv, []byte(w)) {
			return true
		}
	}
	return false
}

// distinctBytes counts the different bytes of v: random secrets use many.
func distinctBytes(v []byte) int {
	var seen [256]bool
	n := 0
	for _, c := range v {
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	return n
}

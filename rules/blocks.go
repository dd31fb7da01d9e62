package rules

import (
	"bytes"
	"strings"
)

// Enclosing blocks. In YAML, HCL, pretty-printed JSON, TOML and INI the
// block a value sits in says whose value it is: api_key under
// "- type: cudo" is a CUDO key, the same api_key under "- type: vastai" (a
// provider whose keys are also 64 hex) is not, whatever CUDO mentions
// surround it. Blocks are recovered from indentation, the one structure all
// these syntaxes share, and from [section] headers.

// blockScope says what the blocks around a value are.
type blockScope int

const (
	scopeNone    blockScope = iota // no enclosing block says anything
	scopeCudo                      // an enclosing block names CUDO
	scopeForeign                   // the nearest telling block is another provider's
)

// enclosingLines returns the lines that enclose the line starting at ls,
// nearest first: each less indented than the one before, then the
// [section] header above them. It looks back at most limit bytes. Blank and
// comment lines enclose nothing.
func enclosingLines(src []byte, ls, limit int) []window {
	lo := max(0, ls-limit)
	indent, ok := indentOf(src[ls:lineEnd(src, ls, namesBack)])
	if !ok {
		return nil
	}
	var out []window
	for cur := ls; ; {
		ps, pe := prevLineStart(src, cur, namesBack)
		if ps < lo {
			return out
		}
		cur = ps
		line := src[ps:pe]
		in, ok := indentOf(line)
		switch {
		case !ok:
		case in == 0 && isSectionHeader(line):
			return append(out, window{ps, pe})
		case in < indent:
			out = append(out, window{ps, pe})
			indent = in
		}
	}
}

// indentOf returns the indentation of a line, in spaces and tabs; ok is
// false for a blank or comment line.
func indentOf(line []byte) (int, bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	rest := line[i:]
	if len(rest) == 0 || rest[0] == '#' || rest[0] == ';' || bytes.HasPrefix(rest, []byte("//")) {
		return 0, false
	}
	return i, true
}

// isSectionHeader reports whether a line is an INI or TOML section header:
// [cudo], [providers.vastai], [[backends]].
func isSectionHeader(line []byte) bool {
	line = bytes.TrimRight(line, " \t")
	return len(line) > 2 && line[0] == '[' && line[len(line)-1] == ']'
}

// providerWords open a block that belongs to a named provider or backend:
// provider "linode" {, - type: vastai, [providers.runpod].
var providerWords = set("provider", "providers", "backend", "backends", "type", "cloud", "clouds")

// scopeOf says whose block the line starting at ls is in: CUDO's when an
// enclosing line names CUDO, another provider's when the nearest enclosing
// line that names a provider names another one.
func (d *Detector) scopeOf(src []byte, ls int, m *mentions) blockScope {
	for _, l := range enclosingLines(src, ls, windowBefore) {
		if inRange(m.all, l.lo, l.hi) {
			return scopeCudo
		}
		if d.namesOtherProvider(src[l.lo:l.hi]) {
			return scopeForeign
		}
	}
	return scopeNone
}

// namesOtherProvider reports whether a line opens a block of a provider by
// name (the line does not name CUDO; the caller checked): its first word is
// a provider word and the name after it a plain name, not a credential
// type ("type: api_key") or a data type ("type = string").
func (d *Detector) namesOtherProvider(line []byte) bool {
	var words []string
	for _, t := range namesBefore(line, 0, len(line), d.extra) {
		words = append(strings.FieldsFunc(t.text, isDot), words...)
	}
	if len(words) < 2 || !providerWords[strings.ToLower(words[0])] {
		return false
	}
	return classifyName(words[1], d.extra) == nameOther
}

func isDot(r rune) bool { return r == '.' }

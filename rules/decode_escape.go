package rules

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Escapes in string literals: \uXXXX (JSON, JavaScript, Java, C#), with
// UTF-16 surrogate pairs, \u{X...} (JavaScript, Rust, Swift), \UXXXXXXXX
// (Python, C) and \xXX (Python, C, JavaScript, shell $'...'). JSON
// serializers escape '=' and '<' as \u003d and \u003c, and obfuscated code
// escapes whole keys.

// firstEscape returns where the first \u, \U or \x escape of w starts, or
// -1. A long word (see forEachLongWord) that holds one is the token an
// escaped key is decoded from: the word bytes include '\', '{' and '}'.
// The escapes are read from w's start as decodeEscapes reads them, so an
// escaped backslash (\\u) starts none, and w decodes as its part before p
// followed by the rest: decodeEscapes(w[:p]) then decodeEscapes(w[p:]).
// Backslashes are found with a vectorised byte search, so the \n and \t
// of ordinary string literals cost a glance each.
func firstEscape(w []byte) int {
	for i := 0; i < len(w); {
		j := bytes.IndexByte(w[i:], '\\')
		if j < 0 {
			return -1
		}
		p := i + j
		if _, n := escapeAt(w, p); n > 0 {
			return p
		}
		// Not a \u, \U or \x escape. The byte after the backslash is
		// escaped, so an escaped backslash (\\u) starts nothing.
		i = p + 2
	}
	return -1
}

// escapeAt decodes the \u, \U or \x escape at src[p] (a backslash). It
// returns the code point (or, for \x, the byte) and the escape's length,
// or n == 0 when there is none.
func escapeAt(src []byte, p int) (r rune, n int) {
	if p+1 >= len(src) || src[p] != '\\' {
		return 0, 0
	}
	from, digits, closing := p+2, 0, 0
	switch src[p+1] {
	case 'x':
		digits = 2
	case 'U':
		digits = 8
	case 'u':
		digits = 4
		if p+2 < len(src) && src[p+2] == '{' {
			end := bytes.IndexByte(src[p+3:min(len(src), p+11)], '}')
			if end < 1 {
				return 0, 0
			}
			from, digits, closing = p+3, end, 1
		}
	default:
		return 0, 0
	}
	if r = hexValue(src, from, digits); r < 0 {
		return 0, 0
	}
	return r, from + digits + closing - p
}

// hexValue returns the value of the n hex digits at src[i], or -1.
func hexValue(src []byte, i, n int) rune {
	if i+n > len(src) || n > 8 {
		return -1
	}
	var v rune
	for _, c := range src[i : i+n] {
		d := hexNibble[c]
		if d > 0xf {
			return -1
		}
		v = v<<4 | rune(d)
	}
	return v
}

// simpleEscapes are the one-letter escapes decoded alongside \u and \x,
// so that a token reads as its string does.
var simpleEscapes = [256]byte{'n': '\n', 'r': '\r', 't': '\t', '"': '"', '\'': '\'', '\\': '\\', '/': '/', '`': '`'} // 0: none

// decodeEscapes decodes the escapes of a token. \x gives a byte; \u, \U
// and \u{} give a code point in UTF-8, a UTF-16 surrogate pair one code
// point, a lone surrogate or an invalid code point U+FFFD. Anything else
// after a backslash is kept as written.
func decodeEscapes(tok []byte) []byte {
	out := make([]byte, 0, len(tok))
	for i := 0; i < len(tok); {
		if tok[i] != '\\' {
			// Copy what runs up to the next backslash at once: JSON
			// escapes one byte in many (\u003d).
			j := bytes.IndexByte(tok[i:], '\\')
			if j < 0 {
				j = len(tok) - i
			}
			out = append(out, tok[i:i+j]...)
			i += j
			continue
		}
		if i+1 >= len(tok) {
			out = append(out, tok[i])
			i++
			continue
		}
		if tok[i+1] == 'x' && i+3 < len(tok) {
			// The byte strings of test data are \x escapes end to end.
			if hi, lo := hexNibble[tok[i+2]], hexNibble[tok[i+3]]; hi|lo <= 0xf {
				out = append(out, hi<<4|lo)
				i += 4
				continue
			}
		}
		r, n := escapeAt(tok, i)
		switch {
		case n == 0:
			if c := simpleEscapes[tok[i+1]]; c != 0 {
				out = append(out, c)
			} else {
				out = append(out, tok[i], tok[i+1])
			}
			i += 2
			continue
		case tok[i+1] == 'x':
			out = append(out, byte(r))
			i += n
			continue
		}
		i += n
		if utf16.IsSurrogate(r) {
			r2, n2 := escapeAt(tok, i)
			if n2 == 6 && tok[i+1] == 'u' {
				if c := utf16.DecodeRune(r, r2); c != utf8.RuneError {
					r = c
					i += n2
				}
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

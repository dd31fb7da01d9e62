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

// forEachEscapeToken calls fn for every token of src that holds a \u, \U
// or \x escape: the run of word bytes (see wordClass) around it, from lo
// to end; first is where its first escape starts. Only a backslash
// followed by an escape of those kinds starts a token, found with a
// vectorised byte search, so the \n and \t of ordinary string literals
// cost a glance each.
func forEachEscapeToken(src []byte, fn func(lo, first, end int)) {
	prevEnd := 0
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '\\')
		if j < 0 {
			return
		}
		p := i + j
		if _, n := escapeAt(src, p); n == 0 {
			// Not a \u, \U or \x escape. The byte after the backslash is
			// escaped, so an escaped backslash (\\u) starts nothing.
			i = p + 2
			continue
		}
		lo := p
		for lo > prevEnd && wordClass[src[lo-1]] != 0 {
			lo--
		}
		end := p
		for end < len(src) && wordClass[src[end]] != 0 {
			end++
		}
		fn(lo, p, end)
		prevEnd, i = end, end
	}
}

// escapeAt decodes the \u, \U or \x escape at src[p] (a backslash). It
// returns the code point (or, for \x, the byte) and the escape's length,
// or n == 0 when there is none.
func escapeAt(src []byte, p int) (r rune, n int) {
	if p+1 >= len(src) || src[p] != '\\' {
		return 0, 0
	}
	switch src[p+1] {
	case 'x':
		return hexValue(src, p+2, 2), 4 * btoi(hexValue(src, p+2, 2) >= 0)
	case 'U':
		return hexValue(src, p+2, 8), 10 * btoi(hexValue(src, p+2, 8) >= 0)
	case 'u':
		if p+2 < len(src) && src[p+2] == '{' {
			end := bytes.IndexByte(src[p+3:min(len(src), p+11)], '}')
			if end < 1 {
				return 0, 0
			}
			return hexValue(src, p+3, end), (end + 4) * btoi(hexValue(src, p+3, end) >= 0)
		}
		return hexValue(src, p+2, 4), 6 * btoi(hexValue(src, p+2, 4) >= 0)
	}
	return 0, 0
}

// hexValue returns the value of the n hex digits at src[i], or -1.
func hexValue(src []byte, i, n int) rune {
	if i+n > len(src) || n > 8 {
		return -1
	}
	var v rune
	for _, c := range src[i : i+n] {
		if !isHexDigit(c) {
			return -1
		}
		v = v<<4 | rune(unhex(c))
	}
	return v
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// simpleEscapes are the one-letter escapes decoded alongside \u and \x,
// so that a token reads as its string does.
var simpleEscapes = map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', '"': '"', '\'': '\'', '\\': '\\', '/': '/', '`': '`'}

// decodeEscapes decodes the escapes of a token. \x gives a byte; \u, \U
// and \u{} give a code point in UTF-8, a UTF-16 surrogate pair one code
// point, a lone surrogate or an invalid code point U+FFFD. Anything else
// after a backslash is kept as written.
func decodeEscapes(tok []byte) []byte {
	out := make([]byte, 0, len(tok))
	for i := 0; i < len(tok); {
		if tok[i] != '\\' || i+1 >= len(tok) {
			out = append(out, tok[i])
			i++
			continue
		}
		r, n := escapeAt(tok, i)
		switch {
		case n == 0:
			if c, ok := simpleEscapes[tok[i+1]]; ok {
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

package rules

import (
	"bytes"
)

// Headers built at run time: the scheme is a literal and the key an
// expression joined to it, by concatenation ("Token " + key, 'Token ' .
// $key), %-formatting ("Token %s" % key) or a format call
// (fmt.Sprintf("Token %s", k), String.format(...), format!(...)).
// Interpolated literals (f"Token {key}", `Token ${key}`, "Token #{key}",
// "Token \(key)") need nothing of this: the reference is inside the literal.

// formatFuncs are the calls whose first argument is a format string.
var formatFuncs = set("sprintf", "format", "printf", "formatted", "fmt")

// formatLiteral returns where the format string starts when the value at
// v is a call to a format function with a literal first argument:
// fmt.Sprintf("Token %s", k), String.format("Token %s", key),
// format!("Token {}", key), string.Format("Token {0}", key).
func formatLiteral(src []byte, v int) (int, bool) {
	if (v > 0 && isQuote(src[v-1])) || v >= len(src) || !isLetter(src[v]) {
		return 0, false // a value inside a literal, or not a name: no call (the common case)
	}
	i, nameStart := v, v
	for i < len(src) && i-v < 40 && (isAlnum(src[i]) || src[i] == '_' || src[i] == '.' || src[i] == ':') {
		if src[i] == '.' || src[i] == ':' {
			nameStart = i + 1 // only the last segment names the function
		}
		i++
	}
	name := src[nameStart:i]
	if i < len(src) && src[i] == '!' {
		i++ // a Rust macro
	}
	if len(name) == 0 || len(name) > 16 || i >= len(src) || src[i] != '(' {
		return 0, false
	}
	var buf [16]byte
	for k, c := range name {
		buf[k] = lower(c)
	}
	if !formatFuncs[string(buf[:len(name)])] {
		return 0, false
	}
	i++
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if n := quoteLen(src, i); n > 0 {
		return i + n, true
	}
	return 0, false
}

// joinedAfter reports whether the literal that closes with the quote at i
// is joined to an expression that follows it: + (most languages), .
// (PHP, or a method that formats the literal), % (Python).
func joinedAfter(src []byte, i int) bool {
	n := quoteLen(src, i)
	if n == 0 {
		return false
	}
	j := i + n
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j >= len(src) {
		return false
	}
	switch src[j] {
	case '+', '%':
		return true
	case '.':
		// PHP's concatenation, or a method call that formats the literal
		// ("Token {}".format(key), "Token %s".formatted(key)).
		return true
	}
	return false
}

// swiftHeaderValue finds the value of a Swift header set with the name
// last: request.setValue(value, forHTTPHeaderField: "Authorization"). n is
// where the header name starts.
func swiftHeaderValue(src []byte, n int) (int, bool) {
	// forHTTPHeaderField: "Authorization", decided from the bytes just
	// before the name: most names fail at the first or second test.
	const label = "forHTTPHeaderField"
	i := n - 1
	if i < len(label) || src[i] != '"' {
		return 0, false
	}
	for i--; i > 0 && (src[i] == ' ' || src[i] == '\t'); i-- {
	}
	if src[i] != ':' || !bytes.HasSuffix(src[:i], []byte(label)) {
		return 0, false
	}
	ls := lineStart(src, n, namesBack)
	line := src[ls:n]
	for _, call := range []string{"setValue(", "addValue("} {
		if k := bytes.LastIndex(line, []byte(call)); k >= 0 {
			v := ls + k + len(call)
			for v < n && (src[v] == ' ' || src[v] == '\t') {
				v++
			}
			if q := quoteLen(src, v); q > 0 {
				v += q
			}
			return v, true
		}
	}
	return 0, false
}

// namedValueField skips from the value field's name to its value in the
// name/value header objects of Postman and Insomnia collections:
// {"key": "Authorization", "value": "Bearer {{cudoApiKey}}"}. v is where
// the text after the header name resumes.
func namedValueField(src []byte, v int) (int, bool) {
	if !hasPrefixFold(src[v:], "value") || v+5 >= len(src) || !isQuote(src[v+5]) {
		return v, false
	}
	return valueStart(src, v+5)
}

package rules

import (
	"bytes"
	"strings"
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

// assignBack bounds how far before a header a variable's assignment is
// sought.
const assignBack = 4096

// assignedBearer reports whether the variable written at src[v:e] (token,
// self.auth_value) was assigned a value that starts with the Bearer scheme
// shortly before: token = f"Bearer {key}" then {"Authorization": token} is
// a whole header value, not a key without its scheme.
func assignedBearer(src []byte, v, e int) bool {
	k := v
	for k < e && (isAlnum(src[k]) || src[k] == '_' || src[k] == '.' || src[k] == '$') {
		k++
	}
	name := src[v:k]
	if len(name) == 0 || len(name) > 64 || len(bytes.Trim(src[k:e], " \t)]}")) > 0 {
		return false // not a plain variable: a call, an index, an expression
	}
	if k := bytes.LastIndexByte(name, '.'); k >= 0 {
		name = name[k+1:] // self.token: the attribute is what is assigned
	}
	lo := max(0, v-assignBack)
	for hay := src[lo:v]; ; {
		i := bytes.LastIndex(hay, name)
		if i < 0 {
			return false
		}
		if i == 0 || !isIdentByte(hay[i-1]) || hay[i-1] == '.' {
			// The nearest assignment decides: token = f"Bearer {k}" then
			// token = key is a key without its scheme again.
			if assigned, bearer := bearerAssignedAt(hay, i+len(name)); assigned {
				return bearer
			}
		}
		hay = hay[:i]
	}
}

// bearerAssignedAt reports whether what follows a variable's name at j is
// an assignment, and whether it assigns a literal that starts with Bearer:
// = "Bearer ...", := fmt.Sprintf("Bearer %s", k), = f"Bearer {k}",
// = `Bearer ${k}`.
func bearerAssignedAt(b []byte, j int) (assigned, bearer bool) {
	for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == ':') {
		j++
	}
	if j >= len(b) || b[j] != '=' || (j+1 < len(b) && b[j+1] == '=') {
		return false, false
	}
	j++
	for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
		j++
	}
	if lit, ok := formatLiteral(b, j); ok {
		j = lit
	} else {
		if j < len(b) && strings.IndexByte("fFbBrR$@", b[j]) >= 0 && j+1 < len(b) && isQuote(b[j+1]) {
			j++
		}
		if j >= len(b) || !isQuote(b[j]) {
			return true, false
		}
		j++
	}
	return true, hasPrefixFold(b[j:], "bearer")
}

package rules

import "bytes"

// Percent-encoding, as in URLs and form bodies: %3D for =, %20 for a
// space. A key sent as a query parameter or in a URL-encoded header value
// is percent-encoded around (cudo_api_key%3D<key>) or through (%61%62...).

// forEachPercentToken calls fn for every token of src that holds a %XX
// escape: the run of URL characters around it, from lo to end, up to a
// delimiter of URLs and code (quotes, spaces, =, &, ?, brackets); first is
// where its first escape starts. Only a '%' followed by two hex digits
// starts a token, found with a vectorised byte search, so printf formats
// and percentages cost a glance each.
func forEachPercentToken(src []byte, fn func(lo, first, end int)) {
	prevEnd := 0
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '%')
		if j < 0 {
			return
		}
		p := i + j
		if p+2 >= len(src) || !isHexDigit(src[p+1]) || !isHexDigit(src[p+2]) {
			i = p + 1
			continue
		}
		lo := p
		for lo > prevEnd && percentTokenByte[src[lo-1]] {
			lo--
		}
		end := p + 3
		for end < len(src) && percentTokenByte[src[end]] {
			end++
		}
		fn(lo, p, end)
		prevEnd, i = end, end
	}
}

// percentTokenByte marks the bytes a percent-encoded token is made of:
// letters, digits, '%' and the URL punctuation that does not delimit a
// value.
var percentTokenByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c))
	}
	for _, c := range []byte("%-._~+!$*/:@") {
		t[c] = true
	}
	return t
}()

// decodePercent decodes the %XX escapes of a token. A '%' not followed by
// two hex digits is kept as it is, and '+' stays '+': in a query string it
// may mean a space, but in a base64 value it is a digit, and keys hide in
// the latter.
func decodePercent(tok []byte) []byte {
	out := make([]byte, 0, len(tok))
	for i := 0; i < len(tok); i++ {
		if tok[i] == '%' && i+2 < len(tok) && isHexDigit(tok[i+1]) && isHexDigit(tok[i+2]) {
			out = append(out, unhex(tok[i+1])<<4|unhex(tok[i+2]))
			i += 2
			continue
		}
		out = append(out, tok[i])
	}
	return out
}

func isHexDigit(c byte) bool { return b64Class[c]&b64Hex != 0 }

// unhex returns the value of a hex digit.
func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

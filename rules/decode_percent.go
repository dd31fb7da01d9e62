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
			out = append(out, hexNibble[tok[i+1]]<<4|hexNibble[tok[i+2]])
			i += 2
			continue
		}
		out = append(out, tok[i])
	}
	return out
}

func isHexDigit(c byte) bool { return hexNibble[c] <= 0xf }

// hexNibble is the value of each hex digit, either case, and 0xff for
// every other byte: one look-up a digit, in the loop that decodes the
// byte strings of test data (\x1f\x8b...) escape by escape.
var hexNibble = func() (t [256]uint8) {
	for c := range t {
		t[c] = 0xff
	}
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c - '0'
	}
	for c := byte('a'); c <= 'f'; c++ {
		t[c], t[c-'a'+'A'] = c-'a'+10, c-'a'+10
	}
	return t
}()

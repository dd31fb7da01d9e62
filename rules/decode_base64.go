package rules

import "encoding/base64"

// Base64 (standard and URL alphabets) and hex-encoded values. Both are
// runs of one byte class, so one sampled scan finds both: hex digits are
// base64 characters.

// minBase64Run is the shortest run worth decoding: a 64-hex key is 64
// bytes, 86 base64 characters without padding. A shorter value cannot
// hold one.
const minBase64Run = (KeyLen*4 + 2) / 3

// minHexRun is the shortest hex run worth decoding: a key, hex-encoded
// once more, is 128 hex digits.
const minHexRun = 2 * KeyLen

// Byte classes of base64 runs.
const (
	b64Std  = 1 << iota // + and /: the standard alphabet
	b64URL              // - and _: the URL alphabet
	b64Both             // letters and digits: both alphabets
)

var b64Class = func() (t [256]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = b64Both
		t[c+'a'-'A'] = b64Both
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = b64Both
	}
	t['+'], t['/'] = b64Std, b64Std
	t['-'], t['_'] = b64URL, b64URL
	return t
}()

// forEachBase64Run calls fn for every maximal run of at least minBase64Run
// base64 characters in src, with the padding that ends it.
//
// Like forEachHexRun it samples one byte in every minBase64Run: any run
// that long covers a sample, so a sample outside the alphabet rules out
// every run through it.
func forEachBase64Run(src []byte, fn func(start, end int)) {
	n := len(src)
	for p := minBase64Run - 1; p < n; {
		if b64Class[src[p]] == 0 {
			p += minBase64Run
			continue
		}
		start := p
		for start > 0 && b64Class[src[start-1]] != 0 {
			start--
		}
		end := p + 1
		for end < n && b64Class[src[end]] != 0 {
			end++
		}
		if end-start >= minBase64Run {
			fn(start, end+base64Padding(src, end))
		}
		p += minBase64Run * ((end-p)/minBase64Run + 1)
	}
}

// base64Padding returns how many '=' at end pad the run before it: one or
// two, followed by something that is not base64. "x=y" is an assignment.
func base64Padding(src []byte, end int) int {
	k := 0
	for k < 2 && end+k < len(src) && src[end+k] == '=' {
		k++
	}
	if k > 0 && end+k < len(src) && b64Class[src[end+k]] != 0 {
		return 0
	}
	return k
}

// decodeRun decodes a base64 or hex run that forEachBase64Run found,
// returning the text and the encoding's name, or ok false when the run
// does not decode to text. A run of hex digits long enough to be a
// hex-encoded key is tried as hex first: 128 hex digits are also valid
// base64, of binary.
func decodeRun(run []byte) (text []byte, enc string, ok bool) {
	if len(run) >= minHexRun && len(run)%2 == 0 && allHex(run[:minHexRun]) {
		if text, ok := decodeHex(run); ok {
			return text, EncodingHex, true
		}
	}
	text, ok = decodeBase64(run)
	return text, EncodingBase64, ok
}

func allHex(b []byte) bool {
	for _, c := range b {
		if !isHexDigit(c) {
			return false
		}
	}
	return true
}

// decodeBase64 decodes a run of standard or URL-safe base64, padded or
// not, and reports whether it decodes to text. A run that mixes the two
// alphabets is not base64. Only the first 48 bytes are checked for text,
// before the rest is decoded, so that a long run of binary (an image in a
// notebook) costs little; what follows them is left to the search for key
// material.
func decodeBase64(run []byte) ([]byte, bool) {
	for len(run) > 0 && run[len(run)-1] == '=' {
		run = run[:len(run)-1]
	}
	if len(run)%4 == 1 {
		// Not a whole number of bytes: the run lost its last character
		// (a buffer's end) or gained one. Decode what is whole.
		run = run[:len(run)-1]
	}
	// The alphabet is the one the head uses; a character of the other
	// alphabet later fails the decoding.
	var class uint8
	for _, c := range run[:min(len(run), 64)] {
		class |= b64Class[c]
	}
	enc := base64.RawStdEncoding
	switch {
	case class&b64Std != 0 && class&b64URL != 0:
		return nil, false
	case class&b64URL != 0:
		enc = base64.RawURLEncoding
	}
	var head [48]byte
	if len(run) >= 64 {
		if _, err := enc.Decode(head[:], run[:64]); err != nil || !looksLikeText(head[:]) {
			return nil, false
		}
	}
	out := make([]byte, enc.DecodedLen(len(run)))
	n, err := enc.Decode(out, run)
	if err != nil && enc == base64.RawStdEncoding && class&b64Std == 0 {
		// A head of letters and digits only, then - or _: URL-safe.
		enc = base64.RawURLEncoding
		n, err = enc.Decode(out, run)
	}
	if err != nil || (len(run) < 64 && !looksLikeText(out[:n])) {
		return nil, false
	}
	return out[:n], true
}

// looksLikeText reports whether decoded bytes read as text: no control
// bytes other than tab, line feed, carriage return and form feed. Bytes
// above ASCII are allowed (UTF-8 text); random binary fails within a few
// dozen bytes.
func looksLikeText(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f {
			return false
		}
	}
	return true
}

package rules

// minEncoded is the length of the shortest encoded value worth decoding:
// decoding never lengthens text, and a key is KeyLen characters.
const minEncoded = KeyLen

// wordByte marks the bytes of a word as the decoders see words: anything
// but spaces, control bytes and quotes. Every encoded value they decode is
// inside one word.
var wordByte = func() (t [256]bool) {
	for c := '!'; c < 256; c++ {
		t[c] = c != 0x7f && c != '"' && c != '\'' && c != '`'
	}
	return t
}()

// inWord reports whether src[i] is part of a word: a word byte, or a quote
// escaped with a backslash (JSON inside a JSON string: {\"k\":\"v\"}).
func inWord(src []byte, i int) bool {
	if wordByte[src[i]] {
		return true
	}
	c := src[i]
	return (c == '"' || c == '\'' || c == '`') && i > 0 && src[i-1] == '\\'
}

// forEachLongWord calls fn for every word of src at least minEncoded
// bytes long. Like forEachHexRun it samples one byte in minEncoded, so a
// space or a quote rules out every word through it, and prose and code
// cost one lookup per sample plus the length of the word it hits. Only in
// long words are encoded values sought.
func forEachLongWord(src []byte, fn func(lo, hi int)) {
	n := len(src)
	for p := minEncoded - 1; p < n; {
		if !inWord(src, p) {
			p += minEncoded
			continue
		}
		start := p
		for start > 0 && inWord(src, start-1) {
			start--
		}
		end := p + 1
		for end < n && inWord(src, end) {
			end++
		}
		if end-start >= minEncoded {
			fn(start, end)
		}
		p += minEncoded * ((end-p)/minEncoded + 1)
	}
}

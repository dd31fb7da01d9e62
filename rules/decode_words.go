package rules

import "encoding/binary"

// minEncoded is the length of the shortest encoded value worth decoding:
// decoding never lengthens text, and a key is KeyLen characters.
const minEncoded = KeyLen

// The bits of wordClass.
const (
	wordIn      = 1 << iota // part of a word
	wordPercent             // '%': maybe percent-encoding
	wordEscape              // '\': maybe an escape
	wordNotB64              // a word byte that base64 never holds
	wordPad                 // '=': base64 padding, or an assignment
)

// wordClass classifies the bytes an encoded key is written with: letters
// and digits, the punctuation of base64 (+ / - _ =), '%' of
// percent-encoding, and '\', '{', '}' of escapes (\u{63}). Anything else ends a
// word: spaces, quotes, the punctuation of code and prose. The key's
// context (its name, the rest of a URL) may lie outside the word: it is
// kept when the decoded value is put back in place.
var wordClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if isAlnum(byte(c)) {
			t[c] = wordIn
		}
	}
	for _, c := range []byte("+/-_") {
		t[c] = wordIn
	}
	t['='] = wordIn | wordPad
	t['%'] = wordIn | wordPercent | wordNotB64
	t['\\'] = wordIn | wordEscape | wordNotB64
	t['{'], t['}'] = wordIn|wordNotB64, wordIn|wordNotB64
	return t
}()

// forEachLongWord calls fn for every maximal run of word bytes at least
// minEncoded long (only there can an encoded key be), with the union of
// the classes of its bytes.
//
// A run that long covers three whole 16-byte blocks aligned on 16 bytes,
// so one of the blocks aligned on 48 bytes; and every word byte is in
// ['%', 0x7f]. So only the 16 bytes at every multiple of 48 are tested,
// eight at a time, for a byte outside that range: a space, a newline, a
// quote. Code and prose have one in nearly every block: they cost two
// loads and a few arithmetic operations per 48 bytes. Only the other
// blocks are looked at byte by byte.
func forEachLongWord(src []byte, fn func(lo, hi int, class uint8)) {
	n := len(src)
	for q := 0; q+16 <= n; q += 48 {
		if breaksWords(src[q:q+16:q+16]) || !mayBeLong(src, q) {
			continue
		}
		start, c0 := wordStart(src, q)
		end, c := wordEnd(src, q)
		class := c0 | c
		if end-start >= minEncoded {
			fn(start, end, class)
		}
		// The next long word starts after end.
		q += 48 * ((end - q) / 48)
	}
}

// wordStart returns where the word going on at src[i] starts, and the
// union of the classes of its bytes before i: wordEnd walking backwards.
func wordStart(src []byte, i int) (int, uint8) {
	var class uint8
	for ; i >= 8; i -= 8 {
		b := src[i-8 : i : i]
		c0, c1, c2, c3 := wordClass[b[0]], wordClass[b[1]], wordClass[b[2]], wordClass[b[3]]
		c4, c5, c6, c7 := wordClass[b[4]], wordClass[b[5]], wordClass[b[6]], wordClass[b[7]]
		if (c0 & c1 & c2 & c3 & c4 & c5 & c6 & c7 & wordIn) == 0 {
			break
		}
		class |= c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7
	}
	for ; i > 0 && wordClass[src[i-1]] != 0; i-- {
		class |= wordClass[src[i-1]]
	}
	return i, class
}

// wordEnd returns where the word going on at src[i] ends, and the union of
// the classes of its bytes from i on. Long words (base64 blobs) are walked
// eight bytes at a time, with independent lookups.
func wordEnd(src []byte, i int) (int, uint8) {
	var class uint8
	for ; i+8 <= len(src); i += 8 {
		b := src[i : i+8 : i+8]
		c0, c1, c2, c3 := wordClass[b[0]], wordClass[b[1]], wordClass[b[2]], wordClass[b[3]]
		c4, c5, c6, c7 := wordClass[b[4]], wordClass[b[5]], wordClass[b[6]], wordClass[b[7]]
		if (c0 & c1 & c2 & c3 & c4 & c5 & c6 & c7 & wordIn) == 0 {
			break
		}
		class |= c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7
	}
	for ; i < len(src) && wordClass[src[i]] != 0; i++ {
		class |= wordClass[src[i]]
	}
	return i, class
}

// mayBeLong is a quick test that the word through the 16 bytes at q can
// be minEncoded long. Such a word runs on for 48 bytes besides those 16,
// so for at least 24 on one side: the 24 bytes before q, or the 24 after
// the block, are all word bytes. Each side is tested with three loads for
// a byte no word holds (a space, a newline, a quote: breaksWords24) and
// four sampled bytes for the rest (the ':' and '.' of a timestamp). The
// words a log is made of (request ids of 32 hex digits and their name,
// paths, the halves of a timestamp) reach at most 19 bytes past a block
// they cover, so they fail, and are not walked.
func mayBeLong(src []byte, q int) bool {
	if wordClass[src[q]]&wordClass[src[q+8]]&wordClass[src[q+15]]&wordIn == 0 {
		return false
	}
	if q >= 24 && wordClass[src[q-24]]&wordClass[src[q-16]]&wordClass[src[q-8]]&wordClass[src[q-1]]&wordIn != 0 &&
		!breaksWords24(src[q-24:q:q]) {
		return true
	}
	a := q + 16
	return a+24 <= len(src) && wordClass[src[a]]&wordClass[src[a+8]]&wordClass[src[a+16]]&wordClass[src[a+23]]&wordIn != 0 &&
		!breaksWords24(src[a:a+24:a+24])
}

// breaksWords24 is breaksWords for 24 bytes.
func breaksWords24(b []byte) bool {
	x0 := binary.LittleEndian.Uint64(b[0:8])
	x1 := binary.LittleEndian.Uint64(b[8:16])
	x2 := binary.LittleEndian.Uint64(b[16:24])
	const pct = lowBits * '%'
	return (x0|(x0-pct)|x1|(x1-pct)|x2|(x2-pct))&highBits != 0
}

// breaksWords reports whether one of the 16 bytes of b is below '%' (a
// space, a newline, a quote) or not ASCII, which no word holds.
// Subtracting '%' from each byte borrows into the high bit of the lowest
// such byte of each eight, and a byte above 0x7f has it set: the test is
// exact. Both halves are tested without a branch between them, which
// text that breaks in one half and not the other would mispredict.
func breaksWords(b []byte) bool {
	x0 := binary.LittleEndian.Uint64(b[0:8])
	x1 := binary.LittleEndian.Uint64(b[8:16])
	const pct = lowBits * '%'
	return (x0|(x0-pct)|x1|(x1-pct))&highBits != 0
}

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

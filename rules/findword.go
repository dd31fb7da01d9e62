package rules

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// The header rules look for "bearer" and "authori..." in every window of
// CUDO context, and in files that name CUDO often the windows cover most
// of the file. A substring search per case form (lower, then UPPER) stops
// at every "e" or "u" and reads the text twice; this one reads it once,
// case-blind, for the word's first four letters (16 positions at a time
// on amd64: indexMasked4), and only then checks the word and its case.

// wordFold is the fold of a four-letter lowercase prefix for
// indexMasked4: ORing 0x20 into each byte makes the compare case-blind.
const wordFold = 0x20202020

// foldedWord is a four-letter lowercase word as forEachFold4 takes it.
func foldedWord(word string) uint32 { return binary.LittleEndian.Uint32([]byte(word[:4])) }

// forEachWordIn calls fn, in order, with the start in [lo, hi) of every
// occurrence of word (lowercase letters, at least four) written in lower,
// Title or UPPER case (the first letter in either case, the rest all
// lower or all upper) and not preceded by a letter or digit.
func forEachWordIn(src []byte, lo, hi int, word string, fn func(start int)) {
	lo = max(lo, 0)
	end := min(len(src), hi+len(word)-1) // a word starting before hi may end after it
	if end-lo < len(word) {
		return
	}
	forEachFold4(src[lo:end], foldedWord(word[:4]), func(p int) {
		s := lo + p
		if s >= hi || s+len(word) > len(src) || !caseForm(src[s+1:s+len(word)], word[1:]) || (s > 0 && isAlnum(src[s-1])) {
			return
		}
		fn(s)
	})
}

// caseForm reports whether got is want (lowercase) in lower or UPPER case.
func caseForm(got []byte, want string) bool {
	lowerOK, upperOK := true, true
	for i := range len(want) {
		c, w := got[i], want[i]
		lowerOK = lowerOK && c == w
		upperOK = upperOK && c == w-'a'+'A'
	}
	return lowerOK || upperOK
}

// forEachFold4Generic calls fn, in order, with every offset in src where
// the four bytes, ORed with 0x20, equal pat (little-endian): portable Go,
// for other architectures, -tags purego, and the bytes the vector search
// leaves. Two substring searches, for the lower and the UPPER form of
// bytes 1 to 3, are merged in order (the first byte may be of either case,
// so it is checked at each candidate); a mixed-case candidate that neither
// finds ("bEaR") is caught by neither form, and forEachWordIn drops those
// anyway.
func forEachFold4Generic(src []byte, pat uint32, fn func(p int)) {
	var word [4]byte
	binary.LittleEndian.PutUint32(word[:], pat)
	lowerTail := string(word[1:])
	upperTail := strings.ToUpper(lowerTail)
	next := func(needle string, from int) int {
		if from >= len(src) {
			return -1
		}
		j := bytes.Index(src[from:], []byte(needle))
		if j < 0 {
			return -1
		}
		return from + j
	}
	lo, up := next(lowerTail, 1), next(upperTail, 1)
	for lo >= 0 || up >= 0 {
		var q int
		if up < 0 || (lo >= 0 && lo < up) {
			q, lo = lo, next(lowerTail, lo+1)
		} else {
			q, up = up, next(upperTail, up+1)
		}
		if src[q-1]|0x20 == word[0] {
			fn(q - 1)
		}
	}
}

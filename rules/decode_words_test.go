package rules

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestLongWordsAgree checks forEachLongWord against naiveLongWords on
// text built of words around minEncoded long, at every alignment against
// its 48-byte sampling, which random fuzz input rarely reaches.
func TestLongWordsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const wordBytes = "abcXYZ019+/-_=%\\{}"
	const breaks = " \n\":.@,;()é"
	for range 3000 {
		var b []byte
		for len(b) < 600 {
			n := rng.IntN(80)
			if rng.IntN(3) == 0 {
				n = minEncoded - 2 + rng.IntN(5) // at the threshold
			}
			for range n {
				b = append(b, wordBytes[rng.IntN(len(wordBytes))])
			}
			b = append(b, breaks[rng.IntN(len(breaks))])
		}
		b = b[rng.IntN(48):]
		var got []span
		forEachLongWord(b, func(lo, hi int, _ uint8) { got = append(got, span{lo, hi}) })
		if want := naiveLongWords(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: long words %v, want %v", b, got, want)
		}
	}
}

// TestLineStartAgrees checks the word-at-a-time lineStart against a plain
// loop, for every position and limit over text with every kind of break.
func TestLineStartAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "ab\n\r\x8a\x8d\x0a\x0d\xff\x00 =" // breaks, and bytes one bit away from them
	for range 200 {
		b := make([]byte, rng.IntN(100))
		for i := range b {
			if rng.IntN(12) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[i] = byte('a' + rng.IntN(26))
			}
		}
		for pos := 0; pos <= len(b); pos++ {
			for _, limit := range []int{0, 1, 7, 8, 9, 17, 64, 256} {
				want := max(0, pos-limit)
				for i := pos - 1; i >= max(0, pos-limit); i-- {
					if b[i] == '\n' || b[i] == '\r' {
						want = i + 1
						break
					}
				}
				if got := lineStart(b, pos, limit); got != want {
					t.Fatalf("lineStart(%q, %d, %d) = %d, want %d", b, pos, limit, got, want)
				}
			}
		}
	}
}

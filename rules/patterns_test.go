package rules

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// longWord is a word as forEachLongWord reports it.
type longWord struct {
	lo, hi int
	class  uint8
}

// naivePatterns is scanPatterns written plainly: the naive searches.
func naivePatterns(src []byte, words bool) (cudo, ck []int, ws []longWord) {
	cudo, ck = naiveCudo(src), naiveCk(src)
	if words {
		for _, s := range naiveLongWords(src) {
			var class uint8
			for _, c := range src[s.lo:s.hi] {
				class |= wordClass[c]
			}
			ws = append(ws, longWord{s.lo, s.hi, class})
		}
	}
	return cudo, ck, ws
}

// TestScanPatternsAgree compares scanPatterns, the one pass where the CPU
// has AVX2 and the three searches elsewhere, with the naive searches, on
// random text dense with "cudo" in every case, "ck_" and its near
// misses, and words around minEncoded long of every word byte class,
// cut at every offset against the pass's 32-byte blocks and with and
// without the words.
func TestScanPatternsAgree(t *testing.T) { forEachVectorBuild(t, testScanPatternsAgree) }

func testScanPatternsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"cudo", "CuDo", "cUDO", "cud", "udo", "ck_", "ck_live_", "Ck_", "cK_", "k_", "c", "_", "x"}
	const wordBytes = "abcXYZ019+/-_=%\\{}"
	const breaks = " \n\"'.:@,;()é\x00\x7f~$%"
	for range 4000 {
		var b []byte
		for len(b) < 200+rng.IntN(500) {
			switch rng.IntN(4) {
			case 0:
				b = append(b, pieces[rng.IntN(len(pieces))]...)
			case 1:
				n := minEncoded - 3 + rng.IntN(7) // at the threshold
				if rng.IntN(4) == 0 {
					n = rng.IntN(200)
				}
				for range n {
					b = append(b, wordBytes[rng.IntN(len(wordBytes))])
				}
			default:
				b = append(b, breaks[rng.IntN(len(breaks))])
			}
		}
		b = b[rng.IntN(64):]
		b = b[:len(b)-rng.IntN(40)]
		for _, words := range []bool{true, false} {
			var cudo, ck []int
			var ws []longWord
			var word func(lo, hi int, class uint8)
			if words {
				word = func(lo, hi int, class uint8) { ws = append(ws, longWord{lo, hi, class}) }
			}
			scanPatterns(b, func(p int) { cudo = append(cudo, p) }, func(p int) { ck = append(ck, p) }, word)
			wantCudo, wantCk, wantWords := naivePatterns(b, words)
			if !reflect.DeepEqual(cudo, wantCudo) || !reflect.DeepEqual(ck, wantCk) || !reflect.DeepEqual(ws, wantWords) {
				t.Fatalf("%q (words %v):\ncudo %v, want %v\nck_ %v, want %v\nwords %v, want %v", b, words, cudo, wantCudo, ck, wantCk, ws, wantWords)
			}
		}
	}
}

package rules

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// naiveWords is the reference for forEachWordIn, written as the rule
// reads: every start in [lo, hi) of word in lower, Title or UPPER case
// (first letter either case, the rest one case), not after a letter or
// digit.
func naiveWords(src []byte, lo, hi int, word string) []int {
	var out []int
	for s := max(lo, 0); s < hi && s+len(word) <= len(src); s++ {
		got := string(src[s : s+len(word)])
		first := strings.ToLower(got[:1]) == word[:1]
		rest := got[1:] == word[1:] || got[1:] == strings.ToUpper(word[1:])
		if first && rest && (s == 0 || !isAlnum(src[s-1])) {
			out = append(out, s)
		}
	}
	return out
}

// TestForEachWordIn compares the word search, through both the vector
// and the portable fold search, with the naive one on random text dense
// with the word's letters in every case, bytes one bit from them (which
// the fold must not confuse: '@' | 0x20 is '`'), planted words in every
// case form, and windows that cut words at both ends.
func TestForEachWordIn(t *testing.T) { forEachVectorBuild(t, testForEachWordIn) }

func testForEachWordIn(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, word := range []string{"bearer", "authori"} {
		alphabet := []byte(word + strings.ToUpper(word) + " x1_\"\x02\x01\x12@`\xc5\xe5")
		forms := []string{word, strings.ToUpper(word), strings.ToUpper(word[:1]) + word[1:], word[:1] + strings.ToUpper(word[1:]),
			word[:2] + strings.ToUpper(word[2:]), "x" + word, "1" + word, "_" + word, word[:len(word)-1]}
		for _, n := range []int{0, 3, 4, 6, 7, 15, 16, 19, 20, 23, 24, 40, 100, 4100, 20000} {
			for range 20 {
				src := make([]byte, n)
				for i := range src {
					src[i] = alphabet[rng.IntN(len(alphabet))]
				}
				for range n/20 + 1 {
					f := forms[rng.IntN(len(forms))]
					if len(f) <= n {
						copy(src[rng.IntN(n-len(f)+1):], f)
					}
				}
				lo, hi := 0, n
				if n > 0 && rng.IntN(2) == 0 {
					lo, hi = rng.IntN(n), rng.IntN(n+1)
				}
				want := naiveWords(src, lo, hi, word)
				var got []int
				forEachWordIn(src, lo, hi, word, func(p int) { got = append(got, p) })
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%q in [%d, %d) of %q: got %v, want %v", word, lo, hi, src, got, want)
				}
			}
		}
	}
}

// naiveFold4 is the reference for the fold searches: every offset whose
// four bytes, ORed with 0x20, are pat.
func naiveFold4(src []byte, pat string) []int {
	var out []int
	for i := 0; i+4 <= len(src); i++ {
		ok := true
		for k := range 4 {
			ok = ok && src[i+k]|0x20 == pat[k]
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// bearFolded is "bear" as the fold searches take it.
const bearFolded = uint32('b') | uint32('e')<<8 | uint32('a')<<16 | uint32('r')<<24

// TestForEachFold4 checks the fold searches against the naive one, at
// every length across the 16-byte blocks and the tail that the vector
// search leaves to the portable one: the portable search finds exactly
// the candidates whose last three bytes are one case; forEachFold4 (the
// vector search on amd64) finds, in order, every one of those and nothing
// that is not a fold match (it also finds mixed case, which
// forEachWordIn drops).
func TestForEachFold4(t *testing.T) { forEachVectorBuild(t, testForEachFold4) }

func testForEachFold4(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const pat = "bear" // bearFolded
	alphabet := []byte("bearBEAR@AE x")
	for n := range 140 {
		for range 30 {
			src := make([]byte, n)
			for i := range src {
				src[i] = alphabet[rng.IntN(len(alphabet))]
			}
			all := naiveFold4(src, pat)
			var oneCase []int
			for _, p := range all {
				if tail := string(src[p+1 : p+4]); tail == "ear" || tail == "EAR" {
					oneCase = append(oneCase, p)
				}
			}
			var got []int
			forEachFold4(src, bearFolded, func(p int) { got = append(got, p) })
			if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Fatalf("forEachFold4(%q): %v not in order", src, got)
			}
			for _, p := range oneCase {
				if !slices.Contains(got, p) {
					t.Fatalf("forEachFold4(%q): got %v, missing %d", src, got, p)
				}
			}
			for _, p := range got {
				if !slices.Contains(all, p) {
					t.Fatalf("forEachFold4(%q): got %v, %d is no fold match", src, got, p)
				}
			}
			checkSearches(t, src, oneCase, map[string]func([]byte, func(int)){
				"forEachFold4Generic": func(src []byte, fn func(int)) { forEachFold4Generic(src, bearFolded, fn) },
			})
		}
	}
}

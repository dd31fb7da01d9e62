package rules

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"testing"
)

// naiveCudo is the reference: every offset where "cudo" starts, any case.
func naiveCudo(src []byte) []int {
	var out []int
	for i := 0; i+4 <= len(src); i++ {
		if bytes.EqualFold(src[i:i+4], []byte("cudo")) {
			out = append(out, i)
		}
	}
	return out
}

// TestForEachCudo compares both searches (the vector one where there is
// one, and the portable one) with the naive one on random text dense with
// the letters of "cudo" and bytes one bit from them, at every alignment
// and across block boundaries.
func TestForEachCudo(t *testing.T) { forEachVectorBuild(t, testForEachCudo) }

func testForEachCudo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("cudoCUDOx c\x83\xe3\xf5\x04\xefO")
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 18, 19, 20, 21, 34, 35, 36, 37, 50, 51, 63, 66, 67, 68, 99, 4077, 4080, 4083, 20000} {
		for range 20 {
			src := make([]byte, n)
			for i := range src {
				src[i] = alphabet[rng.IntN(len(alphabet))]
			}
			// Plant whole words at random places, including the edges.
			for range n / 50 {
				copy(src[rng.IntN(max(1, n-3)):], "CuDo")
			}
			if n >= 4 {
				copy(src[n-4:], "cudo")
				copy(src, "CUDO")
			}
			checkSearches(t, src, naiveCudo(src), map[string]func([]byte, func(int)){
				"forEachCudo": forEachCudo, "forEachCudoGeneric": forEachCudoGeneric,
			})
		}
	}
}

// naiveCk is the reference for forEachCk: every offset where "ck_" starts.
func naiveCk(src []byte) []int {
	var out []int
	for i := 0; i+3 <= len(src); i++ {
		if string(src[i:i+3]) == "ck_" {
			out = append(out, i)
		}
	}
	return out
}

// TestForEachCk compares both searches for "ck_" with the naive one on
// random text dense with its bytes and their other cases.
func TestForEachCk(t *testing.T) { forEachVectorBuild(t, testForEachCk) }

func testForEachCk(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []byte("ck_CK-x\x7f\xebk")
	for _, n := range []int{0, 1, 2, 3, 4, 15, 16, 18, 19, 20, 21, 34, 35, 36, 51, 66, 67, 68, 100, 4099} {
		for range 30 {
			src := make([]byte, n)
			for i := range src {
				src[i] = alphabet[rng.IntN(len(alphabet))]
			}
			if n >= 3 {
				copy(src[n-3:], "ck_")
			}
			checkSearches(t, src, naiveCk(src), map[string]func([]byte, func(int)){
				"forEachCk": forEachCk, "forEachCkGeneric": forEachCkGeneric,
			})
		}
	}
}

// checkSearches runs each search over src and compares the offsets it
// reports with want.
func checkSearches(t *testing.T, src []byte, want []int, searches map[string]func([]byte, func(int))) {
	t.Helper()
	for name, search := range searches {
		var got []int
		search(src, func(p int) { got = append(got, p) })
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s, %d bytes: got %v, want %v", name, len(src), got, want)
		}
	}
}

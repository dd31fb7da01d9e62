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

// TestForEachCudo compares the sampling search with the naive one on
// random text dense with the letters of "cudo", at every alignment and
// across block boundaries.
func TestForEachCudo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("cudoCUDOx c")
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 4077, 4080, 4083, 20000} {
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
			var got []int
			forEachCudo(src, func(p int) { got = append(got, p) })
			if want := naiveCudo(src); !reflect.DeepEqual(got, want) {
				t.Fatalf("n=%d: got %v, want %v", n, got, want)
			}
		}
	}
}

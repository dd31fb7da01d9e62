package rules

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// hexRuns collects what forEachHexRun reports.
func hexRuns(src []byte) [][2]int {
	var got [][2]int
	forEachHexRun(src, func(start, end int) { got = append(got, [2]int{start, end}) })
	return got
}

// naiveHexRuns is the obvious byte-by-byte definition forEachHexRun must
// agree with: every maximal run of exactly KeyLen lowercase hex digits.
func naiveHexRuns(src []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(src); {
		if !hexLower[src[i]] {
			i++
			continue
		}
		j := i
		for j < len(src) && hexLower[src[j]] {
			j++
		}
		if j-i == KeyLen {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

func TestForEachHexRun(t *testing.T) {
	h := func(n int) string { return strings.Repeat("0123456789abcdef", 9)[:n] }
	tests := []struct {
		name string
		src  string
		want [][2]int
	}{
		{"empty", "", nil},
		{"shorter than a key", h(40), nil},
		{"the whole buffer", h(64), [][2]int{{0, 64}}},
		{"at the start", h(64) + " x", [][2]int{{0, 64}}},
		{"at the end", "key=" + h(64), [][2]int{{4, 68}}},
		{"63 digits", "k=" + h(63) + "\n", nil},
		{"65 digits", "k=" + h(65) + "\n", nil},
		{"128 digits", "k=" + h(64) + h(64) + "\n", nil},
		{"uppercase is not hex here", "k=" + strings.ToUpper(h(64)), nil},
		{"two keys, one separator", h(64) + "-" + h(64), [][2]int{{0, 64}, {65, 129}}},
		{"a key right after a 63 run", h(63) + " " + h(64), [][2]int{{64, 128}}},
		{"a key right after a 65 run", h(65) + " " + h(64), [][2]int{{66, 130}}},
		{"a key inside a longer word", "x" + h(64), [][2]int{{1, 65}}}, // x is no hex digit; word rules are keyContext's job
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hexRuns([]byte(tt.src)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("runs = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestForEachHexRunMatchesNaive checks the sampling scan against the naive
// one on hex-heavy inputs, where runs of every length meet at every
// alignment of the 64-byte stride.
func TestForEachHexRunMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	lengths := []int{1, 2, 31, 62, 63, 64, 65, 66, 127, 128, 129, 200}
	for i := 0; i < 2000; i++ {
		var b []byte
		for len(b) < 1+rng.IntN(1200) {
			n := lengths[rng.IntN(len(lengths))]
			for range n {
				b = append(b, "0123456789abcdef"[rng.IntN(16)])
			}
			// Separators that are hex elsewhere or nearly: G, x, A, space.
			b = append(b, " GxA\n-"[rng.IntN(6)])
		}
		b = b[rng.IntN(min(len(b), 70)):] // start at any alignment
		if got, want := hexRuns(b), naiveHexRuns(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("runs = %v, want %v\n%q", got, want, b)
		}
	}
}

func TestIsKeyShaped(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{seedKey(7), true},
		{seedKey(7)[:63], false},
		{seedKey(7) + "0", false},
		{strings.ToUpper(seedKey(7)), false},
		{strings.Repeat("0", 64), false},                    // one digit repeated
		{strings.Repeat("ab", 32), false},                   // a period of 2
		{strings.Repeat("0123456789abcdef", 4), false},      // a period of 16
		{strings.Repeat("deadbeef", 7) + "00c0ffee", false}, // too little entropy
	}
	for _, tt := range tests {
		if got := IsKeyShaped(tt.s); got != tt.want {
			t.Errorf("IsKeyShaped(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestHexEntropy checks the table-driven entropy against shannon.
func TestHexEntropy(t *testing.T) {
	for _, s := range []string{"0000000000000000000000000000000000000000000000000000000000000000",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffff0000000011111111",
		"9f3c2a7b", testkeys.New(t)} {
		if got, want := hexEntropy(s), shannon(s); math.Abs(got-want) > 1e-9 {
			t.Errorf("hexEntropy(%q) = %v, shannon = %v", s, got, want)
		}
	}
}

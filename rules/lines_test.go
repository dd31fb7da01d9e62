package rules

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// naivePosition is the definition LineCounter implements: \n, \r\n and a
// lone \r each end a line; columns count bytes from the line's start.
func naivePosition(data []byte, off int) (line, col int) {
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' || (data[i] == '\r' && (i+1 >= len(data) || data[i+1] != '\n')) {
			line++
			start = i + 1
		}
	}
	return line, off - start + 1
}

// TestLineCounterSplits feeds the line counter every split of inputs with
// mixed line endings, including a \r\n split across two calls, and compares
// it with a naive count.
func TestLineCounterSplits(t *testing.T) {
	for _, in := range []string{"a\r\nb\rc\nd", "\r\n\r\n", "\r\r\n\n", "x\r", "\n\r"} {
		data := []byte(in)
		for split := 0; split <= len(data); split++ {
			for off := split; off <= len(data); off++ {
				c := NewLineCounter()
				c.Advance(data[:split])
				line, col := c.Position(data, 0, int64(off))
				wl, wc := naivePosition(data, off)
				if off > 0 && data[off-1] == '\r' && off < len(data) && data[off] == '\n' {
					continue // between the \r and \n of one break: no editor position
				}
				if line != wl || col != wc {
					t.Errorf("%q split at %d, offset %d: got %d:%d, want %d:%d", in, split, off, line, col, wl, wc)
				}
			}
		}
	}
}

// TestLineStartsAgree checks that the line table cudovet gives go/token
// places every offset where the streaming counter does, on random text
// made of line ends and letters.
func TestLineStartsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("a\r\n")
	for range 2000 {
		data := make([]byte, r.IntN(12))
		for i := range data {
			data[i] = alphabet[r.IntN(len(alphabet))]
		}
		starts := LineStarts(data)
		for off := 0; off < len(data); off++ {
			if off > 0 && data[off-1] == '\r' && data[off] == '\n' {
				continue // inside a \r\n
			}
			line, _ := slices.BinarySearch(starts, off)
			if line == len(starts) || starts[line] != off {
				line-- // off is inside line+1 (0-based line)
			}
			gotLine, gotCol := line+1, off-starts[line]+1
			if wl, wc := naivePosition(data, off); gotLine != wl || gotCol != wc {
				t.Fatalf("%q offset %d: line table gives %d:%d, counter %d:%d", data, off, gotLine, gotCol, wl, wc)
			}
		}
	}
}

package scanner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkStream measures the streaming path on one large text file with
// a CUDO mention and planted keys: bytes per second through the chunker,
// line counter and core.
func BenchmarkStream(b *testing.B) {
	data := plantedFile(b, 8<<20, 3)
	s := NewStreamScanner(Options{})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, err := s.Scan(bytes.NewReader(data), "big.env", func(Finding) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanTree measures the walker and workers on a tree of 2,000
// small source files, most without any CUDO mention, as in a typical
// repository.
func BenchmarkScanTree(b *testing.B) {
	dir := b.TempDir()
	var total int64
	src := bytes.Repeat([]byte("func f(x int) int { return x * 2 } // a comment\n"), 60)
	for i := range 2000 {
		sub := filepath.Join(dir, fmt.Sprintf("pkg%02d", i%40))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		content := src
		if i%100 == 0 {
			content = append([]byte("// talks to rest.compute.cudo.org\n"), src...)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%04d.go", i)), content, 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(len(content))
	}
	b.SetBytes(total)
	b.ResetTimer()
	for range b.N {
		res, err := Scan(context.Background(), []string{dir}, Options{})
		if err != nil || res.Stats.Files != 2000 {
			b.Fatalf("scan: %v, %+v", err, res.Stats)
		}
	}
}

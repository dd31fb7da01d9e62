package scanner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMaxFindingsPerFile checks that a file with more findings than the
// cap lists the first ones, then one finding that says how many more
// there were, at the place of the first one not listed; that the cap
// applies to files, stdin and each file alone; and that a negative cap
// lists everything.
func TestMaxFindingsPerFile(t *testing.T) {
	const lines = 2500
	var b strings.Builder
	for range lines {
		b.WriteString("x = 1 # cudoscan:allow fixture\n") // each one an unused directive
	}
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	small := "x = 1 # cudoscan:allow fixture\n"
	if err := os.WriteFile(filepath.Join(dir, "c.txt"), []byte(small), 0o644); err != nil {
		t.Fatal(err)
	}

	res, err := Scan(context.Background(), []string{dir}, Options{MaxFindingsPerFile: 100})
	if err != nil {
		t.Fatal(err)
	}
	perFile := map[string][]Finding{}
	for _, f := range res.Findings {
		perFile[f.Path] = append(perFile[f.Path], f)
	}
	for _, name := range []string{"a.txt", "b.txt"} {
		fs := perFile[name]
		if len(fs) != 101 {
			t.Fatalf("%s: %d findings, want 100 and one that stands for the rest", name, len(fs))
		}
		last := fs[100]
		if !strings.HasPrefix(last.Message, "2400 more findings in this file") || last.Line != 101 {
			t.Errorf("%s: closing finding at line %d: %q", name, last.Line, last.Message)
		}
	}
	if len(perFile["c.txt"]) != 1 || strings.Contains(perFile["c.txt"][0].Message, "more findings") {
		t.Errorf("c.txt: %+v, want its one finding", perFile["c.txt"])
	}

	stdin, err := ScanReader(context.Background(), strings.NewReader(b.String()), "-", Options{MaxFindingsPerFile: 10})
	if err != nil || len(stdin.Findings) != 11 {
		t.Errorf("stdin: %d findings (%v), want 11", len(stdin.Findings), err)
	}
	all, err := Scan(context.Background(), []string{filepath.Join(dir, "a.txt")}, Options{MaxFindingsPerFile: -1})
	if err != nil || len(all.Findings) != lines {
		t.Errorf("no limit: %d findings (%v), want %d", len(all.Findings), err, lines)
	}
	def, err := Scan(context.Background(), []string{filepath.Join(dir, "a.txt")}, Options{})
	if err != nil || len(def.Findings) != DefaultMaxFindingsPerFile+1 {
		t.Errorf("default: %d findings (%v), want %d", len(def.Findings), err, DefaultMaxFindingsPerFile+1)
	}
}

// TestMaxFindingsPerFileSegments checks the cap on a file large enough to
// be scanned by parallel segments: the same first findings, and a count of
// the rest that adds up to every finding of the file.
func TestMaxFindingsPerFileSegments(t *testing.T) {
	line := "x = 1 # cudoscan:allow fixture\n"
	n := segmentMin/len(line) + 1000
	p := filepath.Join(t.TempDir(), "dense.txt")
	if err := os.WriteFile(p, []byte(strings.Repeat(line, n)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), []string{p}, Options{Jobs: 2, MaxFindingsPerFile: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 101 {
		t.Fatalf("%d findings, want 101", len(res.Findings))
	}
	for i, f := range res.Findings[:100] {
		if f.Line != i+1 {
			t.Fatalf("finding %d at line %d, want %d", i, f.Line, i+1)
		}
	}
	last := res.Findings[100]
	if want := fmt.Sprintf("%d more findings in this file", n-100); !strings.HasPrefix(last.Message, want) || last.Line != 101 {
		t.Errorf("closing finding at line %d: %q, want %q at line 101", last.Line, last.Message, want)
	}
}

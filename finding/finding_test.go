package finding

import (
	"slices"
	"testing"
)

func TestDisplayPath(t *testing.T) {
	for _, c := range []struct{ root, path, want string }{
		{"", "a.go", "a.go"},
		{".", "a.go", "a.go"},
		{"./", "a.go", "a.go"},
		{"src", "a.go", "src/a.go"},
		{"src/", "a.go", "src/a.go"},
	} {
		if got := (Finding{Root: c.root, Path: c.path}).DisplayPath(); got != c.want {
			t.Errorf("DisplayPath(%q, %q) = %q, want %q", c.root, c.path, got, c.want)
		}
	}
}

// TestSort checks the output order: displayed path, line, column, rule,
// kind, and the original order of findings equal in all of them.
func TestSort(t *testing.T) {
	fs := []Finding{
		{Path: "b.go", Line: 1, Column: 1, RuleID: "r", Message: "b"},
		{Root: "a", Path: "z.go", Line: 9, Column: 9, RuleID: "r", Message: "a/z"},
		{Path: "b.go", Line: 1, Column: 1, RuleID: "q", Message: "rule q"},
		{Path: "b.go", Line: 1, Column: 1, RuleID: "r", Kind: "k", Message: "kind k"},
		{Path: "b.go", Line: 1, Column: 1, RuleID: "r", Message: "b again"},
		{Path: "b.go", Line: 1, Column: 0, RuleID: "z", Message: "column 0"},
		{Path: "b.go", Line: 0, Column: 5, RuleID: "z", Message: "line 0"},
	}
	Sort(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Message)
	}
	want := []string{"a/z", "line 0", "column 0", "rule q", "b", "b again", "kind k"}
	if !slices.Equal(got, want) {
		t.Errorf("Sort order = %q, want %q", got, want)
	}
}

func TestStatsAddAndSort(t *testing.T) {
	s := Stats{Files: 1, Bytes: 10, Excluded: 2, Skipped: []Skip{{Path: "c"}}, Errors: []FileError{{Path: "y", Err: "1"}}}
	s.Add(Stats{Files: 2, Bytes: 5, Excluded: 1, Skipped: []Skip{{Path: "a"}}, Errors: []FileError{{Path: "x"}, {Path: "y", Err: "2"}}})
	s.Sort()
	if s.Files != 3 || s.Bytes != 15 || s.Excluded != 3 {
		t.Errorf("counts = %d files, %d bytes, %d excluded; want 3, 15, 3", s.Files, s.Bytes, s.Excluded)
	}
	if s.Skipped[0].Path != "a" || s.Skipped[1].Path != "c" {
		t.Errorf("skipped not sorted by path: %v", s.Skipped)
	}
	if s.Errors[0].Path != "x" || s.Errors[1].Err != "1" || s.Errors[2].Err != "2" {
		t.Errorf("errors not sorted stably by path: %v", s.Errors)
	}
}

func TestLive(t *testing.T) {
	for st, want := range map[Status]bool{StatusLive: true, StatusPossiblyLive: true, StatusInvalid: false, StatusUnknown: false} {
		if got := (Verdict{Status: st}).Live(); got != want {
			t.Errorf("Verdict{%s}.Live() = %v, want %v", st, got, want)
		}
	}
}

package scanner

import "testing"

// TestJoinRel: the relative path of an entry is relDir/name, taken from the
// system path when it ends so, built when it does not (a separator that
// is no slash, a root path that does not spell relDir).
func TestJoinRel(t *testing.T) {
	for _, c := range []struct{ relDir, name, p, want string }{
		{"", "a.go", "/src/a.go", "a.go"},
		{"pkg", "a.go", "/src/pkg/a.go", "pkg/a.go"},
		{"pkg/sub", "a.go", "src/pkg/sub/a.go", "pkg/sub/a.go"},
		{"pkg", "a.go", `C:\src\pkg\a.go`, "pkg/a.go"},
		{"pkg", "a.go", "/src/qkg/a.go", "pkg/a.go"},
		{"pkg", "a.go", "pkg/a.go", "pkg/a.go"},
		{"pkg", "a.go", "kg/a.go", "pkg/a.go"},
	} {
		got := joinRel(c.relDir, c.name, c.p)
		if got != c.want {
			t.Errorf("joinRel(%q, %q, %q) = %q, want %q", c.relDir, c.name, c.p, got, c.want)
		}
	}
}

package suggest

import "testing"

func TestClosest(t *testing.T) {
	cmds := []string{"scan", "staged", "history", "baseline", "verify"}
	for _, tc := range []struct{ word, want string }{
		{"scna", "scan"},
		{"SCAN", "scan"},
		{"histroy", "history"},
		{"stage", "staged"},
		{"deploy", ""}, // nothing close: no guess
		{"", ""},
	} {
		if got := Closest(tc.word, cmds); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

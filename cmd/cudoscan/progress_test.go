package main

import (
	"testing"
	"time"
)

// TestCommitsDone: the progress line counts commits done of the total and
// estimates the time left from the pace so far; without a total (git has
// not counted yet, or could not) it only counts.
func TestCommitsDone(t *testing.T) {
	for _, tc := range []struct {
		done, total int64
		elapsed     time.Duration
		want        string
	}{
		{120, 0, 3 * time.Second, "120 commits"},
		{100, 400, 10 * time.Second, "100 of 400 commits, about 30s left"},
		{400, 400, 10 * time.Second, "400 of 400 commits, about 0s left"},
		{0, 400, time.Second, "0 commits"},
		{500, 400, time.Second, "500 commits"}, // a total counted before refs moved
	} {
		if got := commitsDone(tc.done, tc.total, tc.elapsed); got != tc.want {
			t.Errorf("commitsDone(%d, %d, %v) = %q, want %q", tc.done, tc.total, tc.elapsed, got, tc.want)
		}
	}
}

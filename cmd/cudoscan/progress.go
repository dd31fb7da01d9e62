package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

// showProgress prints a progress line on w, rewritten in place, while a
// history scan runs longer than a second, and only when w is a terminal:
// commits done of the total and an estimate of the time left, once git has
// counted the commits (in parallel; nothing waits for it). The returned
// func stops it and clears the line.
func showProgress(ctx context.Context, w io.Writer, repo *gitscan.Repo, h gitscan.HistoryOptions, start time.Time) func() {
	if !isTerminal(w) {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var total atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		if n, err := repo.CountCommits(ctx, h); err == nil {
			total.Store(n)
		}
	})
	wg.Go(func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-ctx.Done():
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-t.C:
				elapsed := time.Since(start)
				if elapsed < time.Second {
					continue
				}
				shown = true
				p := h.Progress
				fmt.Fprintf(w, "\r\033[Kcudoscan: history: %s, %d blobs, %.1f MiB scanned...",
					commitsDone(p.Commits.Load(), total.Load(), elapsed), p.Blobs.Load(), float64(p.Bytes.Load())/(1<<20))
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}

// commitsDone is "120 of 4000 commits, about 1m30s left", or "120 commits"
// while the total is unknown.
func commitsDone(done, total int64, elapsed time.Duration) string {
	if total <= 0 || done <= 0 || done > total {
		return fmt.Sprintf("%d commits", done)
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done)).Round(time.Second)
	return fmt.Sprintf("%d of %d commits, about %v left", done, total, left)
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func runHistory(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "history")
	r := newScanRun(fs, policy.ModeHistory)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: cudoscan history [flags] [--since REV] [--all | REV...]

Scans every version of every file in the git history: each distinct blob
reachable from the refs (all refs by default, or the given revisions and
ranges) is scanned once, and each finding names the commit that
introduced it, its author, date and path. Keys deleted by a later commit
are still found: they are still in the history.

Flags:`)
		fs.PrintDefaults()
	}
	revs, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	if r.s.All && len(revs) > 0 {
		return e.errorf("history: --all and revisions (%s) exclude each other", strings.Join(revs, " "))
	}
	start := time.Now()
	repo, err := gitscan.Open(ctx, r.s.Dir)
	if err != nil {
		return e.errorf("%v", err)
	}
	if err := r.load(fs, repoWhere(repo)); err != nil {
		return e.errorf("%v", err)
	}
	since := r.pol.Settings.Since
	if repo.Shallow {
		fmt.Fprintf(e.stderr, "cudoscan: %s is a shallow clone: commits before its boundary are not in it and are not scanned\n", repo.Name())
	}
	progress := &gitscan.Progress{}
	stop := showProgress(e.stderr, progress, start)
	res, err := repo.ScanHistory(ctx, r.pol.ScannerOptions(), gitscan.HistoryOptions{Revs: revs, Since: since, Progress: progress})
	stop()
	if res == nil {
		return e.errorf("%v", err)
	}
	rep := &report.Report{Mode: "history", Findings: res.Findings, Stats: res.Stats, Seconds: time.Since(start).Seconds(),
		Scope: fmt.Sprintf("from %d %s", res.Commits, pluralWord(int(res.Commits), "commit", "commits"))}
	if err != nil {
		rep.Interrupted = true
		if ctx.Err() == nil {
			fmt.Fprintf(e.stderr, "cudoscan: %v\n", err)
			if strings.Contains(err.Error(), "promisor remote") {
				fmt.Fprintf(e.stderr, "cudoscan: %s is a partial clone and lacks blobs of its history; cudoscan never fetches them (that would change the repository): scan a full clone\n", repo.Name())
			}
		}
	}
	switch {
	case err != nil:
		// Interrupted: scanning nothing is no answer at all.
	case res.Commits == 0 && since != "":
		rep.Empty = "no commit since " + since
	case res.Commits == 0 && len(revs) > 0:
		rep.Empty = "no commit in " + strings.Join(revs, " ")
	case res.Commits > 0:
		// Commits that add no text (only deletions, binaries, blobs seen
		// before) are a complete answer; no commit at all is not.
		rep.Empty = "no new text blob in these commits"
	}
	return r.emit(ctx, e, rep)
}

// showProgress prints a progress line on w, rewritten in place, while the
// scan runs longer than a second, and only when w is a terminal. The
// returned func stops it and clears the line.
func showProgress(w io.Writer, p *gitscan.Progress, start time.Time) func() {
	if !isTerminal(w) {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-t.C:
				if time.Since(start) < time.Second {
					continue
				}
				shown = true
				fmt.Fprintf(w, "\r\033[Kcudoscan: history: %d commits, %d blobs, %.1f MiB scanned...",
					p.Commits.Load(), p.Blobs.Load(), float64(p.Bytes.Load())/(1<<20))
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

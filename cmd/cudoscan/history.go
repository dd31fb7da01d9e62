package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func runHistory(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "history")
	r := newScanRun(fs, policy.ModeHistory)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: cudoscan history [flags] [--since REV] [--all | REVISION-RANGE...] [-- PATH...]

Scans every version of every file in the git history: each distinct blob
reachable from the refs (all refs and every stash by default, or the given
revisions and ranges) is scanned once. Each leak is reported once: the
secret at its path, the commit that introduced it, the one that removed
it or that HEAD still has it, how many versions of the file hold it and
which refs reach it (--all-occurrences: a row per version). Keys deleted
by a later commit are still found: they are still in the history.

A shallow clone is refused (exit 2: what it lacks was never scanned)
unless --allow-shallow.

Flags:`)
		fs.PrintDefaults()
	}
	// "--" separates revisions from paths, as for git log: split it off
	// before the flags are parsed, which would drop it.
	paths, rest := []string(nil), args
	for i, a := range args {
		if a == "--" {
			rest, paths = args[:i], args[i+1:]
			break
		}
	}
	positional, err := parseInterspersed(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	start := time.Now()
	repo, err := gitscan.Open(ctx, r.s.Dir)
	if err != nil {
		return e.errorf("%v", err)
	}
	if err := r.load(fs, repoWhere(repo)); err != nil {
		return e.errorf("%v", err)
	}
	s := r.pol.Settings
	cwd, err := os.Getwd()
	if err != nil {
		return e.errorf("%v", err)
	}
	if s.Dir != "." {
		cwd = s.Dir
	}
	if paths != nil {
		positional = append(positional, "--")
		positional = append(positional, paths...)
	}
	revs, pathspecs, err := repo.SplitArgs(ctx, positional, cwd)
	if err != nil {
		return e.errorf("history: %v", err)
	}
	if s.All && len(revs) > 0 {
		return e.errorf("history: --all and revisions (%s) exclude each other", strings.Join(revs, " "))
	}
	rep := &report.Report{Mode: "history"}
	if repo.Shallow {
		msg := repo.Name() + " is a shallow clone: commits before its boundary are not in it"
		if !s.AllowShallow {
			return e.errorf("%s, and a key deleted there would pass unseen; fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0), or pass --allow-shallow to scan what is there", msg)
		}
		rep.Partial = "shallow clone: history before its boundary not scanned"
		fmt.Fprintf(e.stderr, "cudoscan: %s and are not scanned (--allow-shallow)\n", msg)
	}
	h := gitscan.HistoryOptions{Revs: revs, Paths: pathspecs, Since: s.Since, Progress: &gitscan.Progress{}, AllOccurrences: s.AllOccurrences}
	stop := showProgress(ctx, e.stderr, repo, h, start)
	res, err := repo.ScanHistory(ctx, r.pol.ScannerOptions(), h)
	stop()
	if res == nil {
		return e.errorf("%v", err)
	}
	rep.Findings, rep.Stats, rep.Seconds = res.Findings, res.Stats, time.Since(start).Seconds()
	rep.Scope = fmt.Sprintf("from %d %s", res.Commits, pluralWord(int(res.Commits), "commit", "commits"))
	switch {
	case err != nil && ctx.Err() != nil:
		rep.Interrupted = true
	case err != nil:
		// git could not read all of the history: that is not an all-clear.
		rep.Incomplete = "git could not read all of the history"
		fmt.Fprintf(e.stderr, "cudoscan: %v\n", err)
		if strings.Contains(err.Error(), "promisor remote") {
			rep.Incomplete = "partial clone: blobs of its history are missing"
			fmt.Fprintf(e.stderr, "cudoscan: %s is a partial clone and lacks blobs of its history; cudoscan never fetches them (that would change the repository): scan a full clone (git clone without --filter)\n", repo.Name())
		}
	}
	switch {
	case err != nil:
		// Scanning nothing is no answer at all.
	case res.Commits == 0 && s.Since != "":
		rep.Empty = "no commit since " + s.Since
	case res.Commits == 0 && len(revs) > 0:
		rep.Empty = "no commit in " + strings.Join(revs, " ")
	case res.Commits > 0:
		// Commits that add no text (only deletions, binaries, blobs seen
		// before) are a complete answer; no commit at all is not.
		rep.Empty = "no new text blob in these commits"
	}
	return r.emit(ctx, e, rep)
}

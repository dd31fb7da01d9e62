package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func runStaged(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "staged")
	r := newScanRun(fs, policy.ModeStaged)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: cudoscan staged [flags]

Scans what the next commit would contain: the staged blobs in the git index,
never the work tree. By default only the staged changes (files added or
modified against HEAD; every file before the first commit); --all scans the
whole index. Paths are relative to the top of the repository.

Exit status 0 also when nothing is staged (the summary says so): a commit
that adds no file content, such as an amend of the message, has nothing to
leak.

Flags:`)
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	if len(rest) > 0 {
		return e.errorf("staged takes no arguments (got %q); it scans the git index", rest)
	}
	start := time.Now()
	repo, err := gitscan.Open(ctx, r.s.Dir)
	if err != nil {
		return e.errorf("%v", err)
	}
	if err := r.load(fs, repoWhere(repo)); err != nil {
		return e.errorf("%v", err)
	}
	all := r.pol.Settings.All
	if repo.Bare {
		return e.errorf("%s: bare repository: it has no index, so nothing is staged (cudoscan history scans its commits)", repo.Name())
	}
	res, err := repo.ScanStaged(ctx, r.pol.ScannerOptions(), all)
	if res == nil {
		return e.errorf("%v", err)
	}
	rep := &report.Report{Mode: "staged", Findings: res.Findings, Stats: res.Stats, Seconds: time.Since(start).Seconds()}
	if err != nil {
		rep.Interrupted = true
		if ctx.Err() == nil {
			fmt.Fprintf(e.stderr, "cudoscan: %v\n", err)
		}
	}
	switch {
	case err != nil:
		// Interrupted: scanning nothing is no answer at all.
	case res.Entries == 0 && all:
		rep.Empty = "the index is empty"
	case res.Entries == 0:
		rep.Empty = "nothing staged"
	default:
		rep.Empty = "no staged file to scan"
	}
	if res.Unmerged > 0 {
		fmt.Fprintf(e.stderr, "cudoscan: %d unmerged %s: scanned both sides of each conflict\n", res.Unmerged, pluralWord(res.Unmerged, "path", "paths"))
	}
	return r.emit(ctx, e, rep)
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// repoWhere is where the git modes read .cudoscan.yaml and resolve
// baseline paths: the top of the repository, whatever the working
// directory.
func repoWhere(repo *gitscan.Repo) policy.Where {
	return policy.Where{ConfigDir: repo.Top, PathBase: repo.Top}
}

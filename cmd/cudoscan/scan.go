package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/scanner"
)

func runScan(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "scan")
	r := newScanRun(fs, policy.ModeScan)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: cudoscan scan [flags] [PATH...]\n\nScans files and directories (default: .); - reads stdin.\n\nFlags:")
		fs.PrintDefaults()
	}
	roots, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	if err := r.load(fs, policy.Where{ConfigDir: configDirFor(roots)}); err != nil {
		return e.errorf("%v", err)
	}
	opts := r.pol.ScannerOptions()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	start := time.Now()
	rep := &report.Report{Mode: "scan"}
	var files []string
	stdin := false
	for _, r := range roots {
		if r == "-" {
			stdin = true
		} else {
			files = append(files, r)
		}
	}
	if stdin {
		res, err := scanner.ScanReader(ctx, e.stdin, "<stdin>", opts)
		rep.Interrupted = rep.Interrupted || err != nil
		rep.Merge(res.Findings, res.Stats)
	}
	if len(files) > 0 {
		res, err := scanner.Scan(ctx, files, opts)
		if res == nil {
			return e.errorf("%v", err)
		}
		rep.Interrupted = rep.Interrupted || err != nil
		rep.Merge(res.Findings, res.Stats)
	}
	finding.Sort(rep.Findings)
	rep.Seconds = time.Since(start).Seconds()
	if rep.Stats.Files == 0 && len(rep.Stats.Errors) == 0 && !rep.Interrupted && !stdin && regularFiles(files) {
		// Files named one by one (the pre-commit hook passes a commit's
		// files), all excluded by the config file or binary: the answer
		// is complete, and blocking the commit over it would be wrong. A
		// directory that yields nothing is still exit 2.
		rep.Empty = fmt.Sprintf("nothing to scan in the %d %s given (%d excluded by globs, %d skipped)",
			len(files), pluralWord(len(files), "file", "files"), rep.Stats.Excluded, len(rep.Stats.Skipped))
	}
	return r.emit(ctx, e, rep)
}

// regularFiles reports whether every path names a regular file.
func regularFiles(paths []string) bool {
	for _, p := range paths {
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return len(paths) > 0
}

// configDirFor is where scan looks for .cudoscan.yaml: its root when it
// scans one directory, else the working directory.
func configDirFor(roots []string) string {
	if len(roots) == 1 {
		if fi, err := os.Stat(roots[0]); err == nil && fi.IsDir() {
			return roots[0]
		}
	}
	return "."
}

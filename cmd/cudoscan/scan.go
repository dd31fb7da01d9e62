package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/scanner"
)

func runScan(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "scan")
	var c scanConfig
	c.register(fs)
	follow := fs.Bool("follow-symlinks", false, "follow symbolic links (loops are detected)")
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
	c.useConfigDir(configDirFor(roots))
	opts, err := c.scannerOptions()
	if err != nil {
		return e.errorf("%v", err)
	}
	opts.FollowSymlinks = *follow
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
		merge(rep, res)
	}
	if len(files) > 0 {
		res, err := scanner.Scan(ctx, files, opts)
		if res == nil {
			return e.errorf("%v", err)
		}
		rep.Interrupted = rep.Interrupted || err != nil
		merge(rep, res)
	}
	scanner.SortFindings(rep.Findings)
	rep.Seconds = time.Since(start).Seconds()
	return c.emit(ctx, e, rep)
}

func merge(rep *report.Report, res *scanner.Result) {
	rep.Findings = append(rep.Findings, res.Findings...)
	rep.Stats.Files += res.Stats.Files
	rep.Stats.Bytes += res.Stats.Bytes
	rep.Stats.Excluded += res.Stats.Excluded
	rep.Stats.Skipped = append(rep.Stats.Skipped, res.Stats.Skipped...)
	rep.Stats.Errors = append(rep.Stats.Errors, res.Stats.Errors...)
}

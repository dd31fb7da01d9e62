package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cudoscan/cudoscan/baseline"
	"github.com/cudoscan/cudoscan/internal/safefile"
	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func runBaseline(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "baseline")
	// The baseline command scans as scan does, but writes no report: it
	// takes the options that choose what is scanned and found, from the
	// same table, so it finds exactly what scan finds.
	s := policy.Defaults()
	policy.Register(fs, policy.ModeBaseline, &s)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: cudoscan baseline [flags] [PATH...]
       cudoscan baseline --history [flags] [REVISION-RANGE...]

Scans files and directories (default: .) as 'cudoscan scan' does, or with
--history the git history as 'cudoscan history' does, and writes
every finding as a baseline entry: rule, path and the SHA-256 of the secret
(or of the matched text), never a line number and never the secret. Scans
given --baseline FILE then report only findings that are not in it. Paths
in the file are relative to its directory. Findings suppressed by
cudoscan:allow or by the config file's allow list are not recorded.

Flags:`)
		fs.PrintDefaults()
	}
	roots, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	scan := baselineFiles
	if s.History {
		scan = baselineHistory
	}
	pol, rep, err := scan(ctx, fs, s, roots)
	if err != nil {
		return e.errorf("%v", err)
	}
	out := pol.Settings.BaselineOutput
	report.WriteSummary(e.stderr, rep, report.Options{}, pol.Settings.Verbose)
	switch {
	case rep.Interrupted:
		return e.errorf("interrupted: no baseline written")
	case rep.Stats.Files == 0:
		return e.errorf("nothing was scanned: no baseline written")
	}
	if err := pol.Suppress(rep.Findings, nil); err != nil {
		return e.errorf("%v", err)
	}
	pathOf, err := pol.BaselinePaths(out)
	if err != nil {
		return e.errorf("%v", err)
	}
	b := baseline.FromFindings(out, rep.Findings, pathOf)
	if out == "" {
		if _, err := b.WriteTo(e.stdout); err != nil {
			return e.errorf("writing stdout: %v", err)
		}
	} else if err := writeFileAtomic(out, b); err != nil {
		return e.errorf("%v", err)
	}
	fmt.Fprintf(e.stderr, "wrote %s to %s\n", pluralEntries(b.Len()), orStdout(out))
	if len(rep.Stats.Errors) > 0 {
		return e.errorf("%d files could not be read: their findings are not in the baseline", len(rep.Stats.Errors))
	}
	return exitClean
}

// baselineFiles scans files and directories (default: .) as scan does.
func baselineFiles(ctx context.Context, fs *flag.FlagSet, s policy.Settings, roots []string) (*policy.Policy, *report.Report, error) {
	if len(roots) == 0 {
		roots = []string{"."}
	}
	for _, r := range roots {
		if r == "-" {
			return nil, nil, fmt.Errorf("baseline scans files; it does not read stdin")
		}
	}
	pol, err := policy.Load(fs, policy.ModeBaseline, s, policy.Where{ConfigDir: configDirFor(roots)})
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	res, err := scanner.Scan(ctx, roots, pol.ScannerOptions())
	if res == nil {
		return nil, nil, err
	}
	return pol, &report.Report{Mode: "scan", Findings: res.Findings, Stats: res.Stats, Seconds: time.Since(start).Seconds(), Interrupted: err != nil}, nil
}

// baselineHistory scans the history of the repository in the working
// directory (every ref, or the revisions given) as history does, one
// finding per leak, so that 'cudoscan history --baseline' then reports
// only leaks that are new. Paths are relative to the repository top, as
// the history's are; the config file is the top's.
func baselineHistory(ctx context.Context, fs *flag.FlagSet, s policy.Settings, args []string) (*policy.Policy, *report.Report, error) {
	repo, err := gitscan.Open(ctx, ".")
	if err != nil {
		return nil, nil, err
	}
	pol, err := policy.Load(fs, policy.ModeBaseline, s, repoWhere(repo))
	if err != nil {
		return nil, nil, err
	}
	if repo.Shallow {
		return nil, nil, fmt.Errorf("%s is a shallow clone: a baseline of part of the history would let the rest through; fetch the whole history first (git fetch --unshallow)", repo.Name())
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, nil, err
	}
	revs, paths, err := repo.SplitArgs(ctx, args, cwd)
	if err != nil {
		return nil, nil, fmt.Errorf("baseline --history: %w", err)
	}
	start := time.Now()
	res, err := repo.ScanHistory(ctx, pol.ScannerOptions(), gitscan.HistoryOptions{Revs: revs, Paths: paths})
	if res == nil {
		return nil, nil, err
	}
	rep := &report.Report{Mode: "history", Findings: res.Findings, Stats: res.Stats, Seconds: time.Since(start).Seconds(), Interrupted: err != nil}
	if err != nil && ctx.Err() == nil {
		return nil, nil, fmt.Errorf("%v: no baseline written", err)
	}
	return pol, rep, nil
}

func pluralEntries(n int) string {
	if n == 1 {
		return "1 baseline entry"
	}
	return fmt.Sprintf("%d baseline entries", n)
}

// writeFileAtomic replaces file with the baseline only once it is fully
// written, so that a failed run never leaves half a baseline behind. It
// writes only to a new path or a regular file (safefile).
func writeFileAtomic(file string, b *baseline.Baseline) error {
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		return err
	}
	return safefile.WriteAtomic(file, buf.Bytes(), 0o644)
}

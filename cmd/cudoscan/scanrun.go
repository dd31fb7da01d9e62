package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/cudoscan/cudoscan/internal/safefile"
	"github.com/cudoscan/cudoscan/internal/version"
	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
)

// scanRun is a mode that scans and reports (scan, staged, history): its
// settings, bound to its flags, and once loaded its policy.
type scanRun struct {
	mode policy.Mode
	s    policy.Settings
	pol  *policy.Policy
}

// newScanRun returns a run of mode with its flags registered on fs.
func newScanRun(fs *flag.FlagSet, mode policy.Mode) *scanRun {
	r := &scanRun{mode: mode, s: policy.Defaults()}
	policy.Register(fs, mode, &r.s)
	return r
}

// load reads the config file and the baseline and validates the settings.
func (r *scanRun) load(fs *flag.FlagSet, w policy.Where) error {
	p, err := policy.Load(fs, r.mode, r.s, w)
	if err != nil {
		return err
	}
	r.pol = p
	return nil
}

// emit runs the pipeline over the report, writes it (findings to stdout
// or --output, the summary to stderr) and returns the exit code.
func (r *scanRun) emit(ctx context.Context, e *env, rep *report.Report) int {
	s := &r.pol.Settings
	if err := r.pol.Apply(ctx, rep); err != nil {
		return e.errorf("%v", err)
	}
	var out io.Writer = e.stdout
	if s.Output != "" {
		f, err := safefile.Create(s.Output, 0o644)
		if err != nil {
			return e.errorf("%v", err)
		}
		defer f.Close()
		out = f
	}
	opts := report.Options{Format: s.Format, Color: useColor(s.Color, out, e.getenv), ShowSecrets: s.ShowSecrets,
		ShowSuppressed: s.ListSuppressed, Version: version.String(), SourceRoot: r.pol.SourceRoot()}
	if err := report.Write(out, rep, opts); err != nil {
		return e.errorf("writing %s: %v", orStdout(s.Output), err)
	}
	if s.ListSuppressed && s.Format == "text" {
		if err := report.WriteSuppressed(out, rep, opts); err != nil {
			return e.errorf("writing %s: %v", orStdout(s.Output), err)
		}
	}
	if s.SARIFOutput != "" {
		if err := writeSARIF(s.SARIFOutput, rep, opts); err != nil {
			return e.errorf("%v", err)
		}
	}
	opts.Color = useColor(s.Color, e.stderr, e.getenv)
	report.WriteSummary(e.stderr, rep, opts, s.Verbose)
	return policy.ExitCode(rep)
}

// writeSARIF writes rep as SARIF to path (--sarif), with the same
// options as the main output but no color.
func writeSARIF(path string, rep *report.Report, opts report.Options) error {
	f, err := safefile.Create(path, 0o644)
	if err != nil {
		return err
	}
	opts.Format, opts.Color = "sarif", false
	if err := report.Write(f, rep, opts); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %v", path, err)
	}
	return nil
}

func orStdout(path string) string {
	if path == "" {
		return "stdout"
	}
	return path
}

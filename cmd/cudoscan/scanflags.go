package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cudoscan/cudoscan/internal/safefile"
	"github.com/cudoscan/cudoscan/internal/version"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
)

// defaultMaxFileSize bounds the files a directory walk reads; files named
// on the command line are read whatever their size.
const defaultMaxFileSize = 100 << 20

// scanConfig holds the flags shared by every mode that scans and reports:
// scan, staged and history.
type scanConfig struct {
	format, output, color, minConfidence string
	include, exclude                     stringList
	maxFileSize                          sizeFlag
	jobs                                 int
	decodeDepth                          int
	maxFindings                          int // --max-findings-per-file; 0: no limit
	showSecrets, verbose, listSuppressed bool
	verify                               verifyConfig
	settings                             // --config, --no-config, --baseline
}

func (c *scanConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", "text", "output format: "+strings.Join(report.Formats, ", "))
	fs.StringVar(&c.output, "output", "", "write findings to `FILE` instead of stdout")
	c.registerSelection(fs)
	fs.StringVar(&c.color, "color", "auto", "color output: auto (terminal, no NO_COLOR), always, never")
	fs.BoolVar(&c.showSecrets, "show-secrets", false, "print secrets in full (default: first and last 4 characters)")
	fs.StringVar(&c.minConfidence, "min-confidence", "medium", "report key findings of at least this confidence: medium, high (overrides the config file's min-confidence)")
	fs.BoolVar(&c.listSuppressed, "list-suppressed", false, "also list suppressed findings (cudoscan:allow, the config file's allow list, the baseline) with their reasons")
	c.verify.register(fs)
	c.settings.register(fs)
}

// registerSelection registers the flags that decide what is scanned and
// found, which every mode that scans shares: baseline must find exactly
// what scan finds, or a baselined finding comes back (an encoded key, when
// baseline once lacked --decode-depth).
func (c *scanConfig) registerSelection(fs *flag.FlagSet) {
	c.maxFileSize = defaultMaxFileSize
	fs.Var(&c.include, "include", "scan only paths matching this doublestar `GLOB` (repeatable)")
	fs.Var(&c.exclude, "exclude", "skip paths matching this doublestar `GLOB` (repeatable)")
	fs.Var(&c.maxFileSize, "max-file-size", "skip walked files larger than `SIZE` (e.g. 100MB; 0: no limit)")
	fs.IntVar(&c.jobs, "jobs", 0, "files scanned at once (default: 4 per CPU; git modes: 1 per CPU)")
	fs.IntVar(&c.decodeDepth, "decode-depth", rules.DefaultDecodeDepth, "layers of encoding (base64, hex, percent-encoding, \\u and \\x escapes) decoded to find keys inside encoded values; 0: none")
	fs.IntVar(&c.maxFindings, "max-findings-per-file", scanner.DefaultMaxFindingsPerFile, "findings listed per file (or blob); past it, one finding says how many more (0: no limit)")
	fs.BoolVar(&c.verbose, "verbose", false, "list every skipped file on stderr")
	fs.BoolVar(&c.verbose, "v", false, "short for --verbose")
}

// scannerOptions validates the flags and turns them into scanner options.
func (c *scanConfig) scannerOptions() (scanner.Options, error) {
	if err := c.loadConfig(); err != nil {
		return scanner.Options{}, err
	}
	conf, ok := rules.ParseConfidence(c.minConfidence)
	if !ok {
		return scanner.Options{}, fmt.Errorf("--min-confidence must be medium or high, not %q", c.minConfidence)
	}
	if err := scanner.ValidateGlobs(c.include); err != nil {
		return scanner.Options{}, fmt.Errorf("--include: %w", err)
	}
	if err := scanner.ValidateGlobs(c.exclude); err != nil {
		return scanner.Options{}, fmt.Errorf("--exclude: %w", err)
	}
	if c.jobs < 0 {
		return scanner.Options{}, fmt.Errorf("--jobs must be positive")
	}
	if c.decodeDepth < 0 {
		return scanner.Options{}, fmt.Errorf("--decode-depth must be 0 or more")
	}
	if c.maxFindings < 0 {
		return scanner.Options{}, fmt.Errorf("--max-findings-per-file must be 0 (no limit) or more")
	}
	maxFindings := c.maxFindings
	if maxFindings == 0 {
		maxFindings = -1 // scanner reads 0 as its default
	}
	if _, err := useColor(c.color, nil, func(string) string { return "" }); err != nil {
		return scanner.Options{}, err
	}
	if !knownFormat(c.format) {
		return scanner.Options{}, fmt.Errorf("--format must be one of %s, not %q", strings.Join(report.Formats, ", "), c.format)
	}
	if err := c.verify.check(); err != nil {
		return scanner.Options{}, err
	}
	ruleOpts := c.ruleOptions(conf)
	ruleOpts.DecodeDepth = c.decodeDepth
	if c.decodeDepth == 0 {
		ruleOpts.DecodeDepth = -1 // rules reads 0 as its default
	}
	return scanner.Options{
		Detector:           rules.New(ruleOpts),
		Include:            c.include,
		Exclude:            c.exclude,
		MaxFileSize:        int64(c.maxFileSize),
		Jobs:               c.jobs,
		MaxFindingsPerFile: maxFindings,
	}, nil
}

func knownFormat(f string) bool {
	for _, k := range report.Formats {
		if k == f {
			return true
		}
	}
	return false
}

// emit writes the report (findings to stdout or --output, the summary to
// stderr) and returns the exit code.
func (c *scanConfig) emit(ctx context.Context, e *env, rep *report.Report) int {
	if err := c.verify.apply(ctx, rep); err != nil {
		return e.errorf("%v", err)
	}
	if err := c.suppressExternal(rep); err != nil {
		return e.errorf("%v", err)
	}
	var out io.Writer = e.stdout
	if c.output != "" {
		f, err := safefile.Create(c.output, 0o644)
		if err != nil {
			return e.errorf("%v", err)
		}
		defer f.Close()
		out = f
	}
	colorOut, _ := useColor(c.color, out, e.getenv)
	colorErr, _ := useColor(c.color, e.stderr, e.getenv)
	opts := report.Options{Format: c.format, Color: colorOut, ShowSecrets: c.showSecrets,
		ShowSuppressed: c.listSuppressed, Version: version.String()}
	opts.SourceRoot = c.sourceRoot()
	if err := report.Write(out, rep, opts); err != nil {
		return e.errorf("writing %s: %v", orStdout(c.output), err)
	}
	if c.listSuppressed && c.format == "text" {
		if err := report.WriteSuppressed(out, rep, opts); err != nil {
			return e.errorf("writing %s: %v", orStdout(c.output), err)
		}
	}
	opts.Color = colorErr
	report.WriteSummary(e.stderr, rep, opts, c.verbose)
	return exitCode(rep)
}

func orStdout(path string) string {
	if path == "" {
		return "stdout"
	}
	return path
}

// exitCode applies the exit code contract to a report.
func exitCode(rep *report.Report) int {
	if rep.LiveKeys() > 0 {
		return exitLive
	}
	for _, f := range rep.Findings {
		if !f.Suppressed {
			return exitFindings
		}
	}
	if (rep.Stats.Files == 0 && rep.Empty == "") || len(rep.Stats.Errors) > 0 || rep.Interrupted {
		return exitError
	}
	return exitClean
}

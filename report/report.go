package report

import (
	"fmt"
	"io"

	"github.com/cudoscan/cudoscan/finding"
)

// Report is what a run found and what it scanned.
type Report struct {
	// Mode names what was scanned: "scan", "staged", "history".
	Mode     string
	Findings []finding.Finding
	Stats    finding.Stats
	// Seconds is the wall time of the scan.
	Seconds float64
	// Interrupted is set when the scan was cancelled before it finished.
	Interrupted bool
	// Incomplete, when set, says what could not be scanned, through no
	// choice of the user (git could not read part of the history): the
	// run is no all-clear, and exits 2.
	Incomplete string
	// Partial, when set, says what was not scanned because the user
	// accepted it (--allow-shallow): the summary says so.
	Partial string
	// Empty, when set, says why scanning nothing is the complete answer
	// rather than a failure ("nothing staged"): the input was known exactly
	// and held nothing to scan. The summary prints it in place of "nothing
	// was scanned", and the run counts as clean.
	Empty string
	// Scope, when set, is printed after the counts ("from 12 commits").
	Scope string
	// Verdicts holds the --verify verdict of each secret, keyed by the
	// secret; nil without --verify.
	Verdicts map[string]finding.Verdict
}

// Merge adds the findings and stats of one more scan to the report: stdin
// and files scanned in one run are reported as one.
func (r *Report) Merge(fs []finding.Finding, st finding.Stats) {
	r.Findings = append(r.Findings, fs...)
	r.Stats.Add(st)
}

// Verdict returns the verification verdict of a finding, if it has one.
func (r *Report) Verdict(f finding.Finding) (finding.Verdict, bool) {
	if f.Secret == "" || r.Verdicts == nil {
		return finding.Verdict{}, false
	}
	v, ok := r.Verdicts[f.Secret]
	return v, ok
}

// LiveKeys counts the distinct unsuppressed secrets verified live or
// possibly live: the keys that make a run exit 3.
func (r *Report) LiveKeys() int {
	live, possibly := r.LiveCounts()
	return live + possibly
}

// LiveCounts counts the distinct unsuppressed secrets verified live, and
// those only possibly live (HTTP 403), apart.
func (r *Report) LiveCounts() (live, possibly int) {
	seen := map[string]bool{}
	for _, f := range r.Findings {
		v, ok := r.Verdict(f)
		if !ok || !v.Live() || f.Suppressed || seen[f.Secret] {
			continue
		}
		seen[f.Secret] = true
		if v.Status == finding.StatusLive {
			live++
		} else {
			possibly++
		}
	}
	return live, possibly
}

// Options say how to write a report.
type Options struct {
	Format      string // one of Formats
	Color       bool   // text only: color severities and paths
	ShowSecrets bool   // print secrets in full instead of redacted
	// ShowSuppressed includes suppressed findings (JSON marks them).
	ShowSuppressed bool
	Version        string
	// SourceRoot, when set, is the absolute directory that relative paths
	// are relative to: SARIF records it as %SRCROOT%.
	SourceRoot string
}

// Formats lists the supported output formats.
var Formats = []string{"text", "json", "sarif", "github"}

// Write writes the findings of r to w in the chosen format.
func Write(w io.Writer, r *Report, opts Options) error {
	switch opts.Format {
	case "text", "":
		return writeText(w, r, opts)
	case "json":
		return writeJSON(w, r, opts)
	case "sarif":
		return writeSARIF(w, r, opts)
	case "github":
		return writeGitHub(w, r, opts)
	}
	return fmt.Errorf("unknown format %q (want one of %v)", opts.Format, Formats)
}

package report

import (
	"fmt"
	"io"

	"github.com/cudoscan/cudoscan/scanner"
)

// Report is what a run found and what it scanned.
type Report struct {
	// Mode names what was scanned: "scan", "staged", "history".
	Mode     string
	Findings []scanner.Finding
	Stats    scanner.Stats
	// Seconds is the wall time of the scan.
	Seconds float64
	// Interrupted is set when the scan was cancelled before it finished.
	Interrupted bool
}

// Options say how to write a report.
type Options struct {
	Format      string // "text" or "json"
	Color       bool   // text only: color severities and paths
	ShowSecrets bool   // print secrets in full instead of redacted
	// ShowSuppressed includes suppressed findings (JSON marks them).
	ShowSuppressed bool
	Version     string
}

// Formats lists the supported output formats.
var Formats = []string{"text", "json"}

// Write writes the findings of r to w in the chosen format.
func Write(w io.Writer, r *Report, opts Options) error {
	switch opts.Format {
	case "text", "":
		return writeText(w, r, opts)
	case "json":
		return writeJSON(w, r, opts)
	}
	return fmt.Errorf("unknown format %q (want one of %v)", opts.Format, Formats)
}

package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cudoscan/cudoscan/rules"
)

// WriteSummary writes what was scanned and found, for people, to w
// (stderr): it always says how many files and bytes were scanned, so a run
// that scanned nothing can never pass for a clean one. It lists every file
// that could not be read; skipped files are counted by reason, and listed
// when verbose.
func WriteSummary(w io.Writer, r *Report, opts Options, verbose bool) {
	p := newPalette(opts.Color)
	for _, e := range r.Stats.Errors {
		fmt.Fprintf(w, "cudoscan: %s: %s\n", quotePath(e.Path), e.Err)
	}
	if verbose {
		for _, s := range r.Stats.Skipped {
			fmt.Fprintf(w, "cudoscan: skipped %s: %s\n", quotePath(s.Path), s.Reason)
		}
	}
	writeRevokeAdvice(w, r, p)
	writeKeyAdvice(w, r, opts)
	unit := "files"
	switch r.Mode {
	case "history":
		unit = "blobs"
	case "staged":
		unit = "staged files"
	}
	scope := ""
	if r.Scope != "" {
		scope = " " + r.Scope
	}
	var b strings.Builder
	switch {
	case r.Stats.Files == 0 && r.Empty != "":
		fmt.Fprintf(&b, "%s: 0 %s (0 bytes)%s", r.Empty, unit, scope)
	case r.Stats.Files == 0:
		fmt.Fprintf(&b, "%s: 0 %s (0 bytes)%s", p.err.Sprint("nothing was scanned"), unit, scope)
	default:
		fmt.Fprintf(&b, "scanned %s (%s)%s in %.2fs", plural(int(r.Stats.Files), strings.TrimSuffix(unit, "s")), humanBytes(r.Stats.Bytes), scope, r.Seconds)
	}
	errs, warns, suppressed := 0, 0, 0
	for _, f := range r.Findings {
		switch {
		case f.Suppressed:
			suppressed++
		case f.Severity == rules.SeverityWarning:
			warns++
		default:
			errs++
		}
	}
	switch {
	case errs+warns == 0 && r.Stats.Files > 0:
		b.WriteString(": no findings")
	case errs+warns > 0:
		fmt.Fprintf(&b, ": %s", p.err.Sprint(plural(errs+warns, "finding")))
		fmt.Fprintf(&b, " (%s, %s)", plural(errs, "error"), plural(warns, "warning"))
	}
	if leaks := leakSummary(r); leaks != "" {
		b.WriteString("; " + leaks)
	}
	if suppressed > 0 {
		fmt.Fprintf(&b, "; %d suppressed%s", suppressed, suppressionSources(r))
	}
	if r.Stats.Excluded > 0 {
		fmt.Fprintf(&b, "; %d excluded by globs", r.Stats.Excluded)
	}
	if len(r.Stats.Skipped) > 0 {
		fmt.Fprintf(&b, "; %d skipped (%s)", len(r.Stats.Skipped), skipReasons(r))
	}
	if len(r.Stats.Errors) > 0 {
		fmt.Fprintf(&b, "; %s", p.err.Sprint(plural(len(r.Stats.Errors), "unreadable file")))
	}
	if r.Incomplete != "" {
		fmt.Fprintf(&b, "; %s", p.err.Sprint("incomplete: "+r.Incomplete))
	}
	if r.Partial != "" {
		fmt.Fprintf(&b, "; %s", p.warn.Sprint("partial: "+r.Partial))
	}
	if r.Interrupted {
		fmt.Fprintf(&b, "; %s", p.warn.Sprint("interrupted: results are partial"))
	}
	fmt.Fprintln(w, b.String())
}

// skipReasons counts skipped files by reason, without the details in
// parentheses.
func skipReasons(r *Report) string {
	counts := map[string]int{}
	for _, s := range r.Stats.Skipped {
		reason, _, _ := strings.Cut(s.Reason, " (")
		counts[reason]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// writeKeyAdvice says once what the text output's key lines leave out:
// what to do about a leaked key.
func writeKeyAdvice(w io.Writer, r *Report, opts Options) {
	if opts.Format != "text" && opts.Format != "" {
		return // the messages keep the advice
	}
	for _, f := range r.Findings {
		if !f.Suppressed && strings.HasSuffix(f.Message, keyAdvice) {
			fmt.Fprintf(w, "For each key found: %s.\n", rules.RevokeAdvice)
			return
		}
	}
}

package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/rules"
)

// palette colors text output; every color is a no-op when disabled.
type palette struct {
	path, err, warn, dim, secret *color.Color
}

func newPalette(enabled bool) palette {
	p := palette{
		path:   color.New(color.Bold),
		err:    color.New(color.FgRed, color.Bold),
		warn:   color.New(color.FgYellow, color.Bold),
		dim:    color.New(color.Faint),
		secret: color.New(color.FgMagenta),
	}
	for _, c := range []*color.Color{p.path, p.err, p.warn, p.dim, p.secret} {
		if enabled {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

// writeText writes one line per finding:
//
//	path:line:col: severity: message (key 545f...a1b2, high confidence) [rule]
func writeText(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	p := newPalette(opts.Color)
	for _, f := range r.Findings {
		if f.Suppressed {
			continue
		}
		sev := p.err.Sprint(f.Severity)
		if f.Severity == rules.SeverityWarning {
			sev = p.warn.Sprint(f.Severity)
		}
		// The advice every key message ends with is said once, by the
		// summary on stderr, not on every line: stdout stays one line per
		// finding. JSON and SARIF keep it in the message.
		msg := strings.TrimSuffix(f.Message, keyAdvice)
		fmt.Fprintf(bw, "%s: %s: %s%s %s\n",
			p.path.Sprintf("%s:%d:%d", quotePath(f.DisplayPath()), f.Line, f.Column),
			sev, msg, detail(f, opts, p), p.dim.Sprintf("[%s]", f.RuleID))
		if v, ok := r.Verdict(f); ok {
			fmt.Fprintf(bw, "\t%s\n", verdictLine(v, p))
		}
		switch {
		case f.History != nil:
			fmt.Fprintf(bw, "\t%s\n", historyLine(f))
		case f.Commit != nil:
			fmt.Fprintf(bw, "\tin commit %s by %s on %s\n", shortHash(f.Commit.Hash), f.Commit.Author, f.Commit.Date)
		}
	}
	return bw.Flush()
}

// keyAdvice is the end of every key message: rules.RevokeAdvice.
const keyAdvice = ": " + rules.RevokeAdvice

// detail is the parenthesised part of a text line: the secret (redacted
// unless asked), the confidence, and the encoding the key was found under.
func detail(f finding.Finding, opts Options, p palette) string {
	s := " ("
	if f.Secret != "" {
		shown := Redact(f.Secret)
		if opts.ShowSecrets {
			shown = f.Secret
		}
		s += "key " + p.secret.Sprint(shown) + ", "
	}
	s += f.Confidence.String() + " confidence"
	if f.Encoding != "" {
		s += ", " + f.Encoding + "-encoded"
	}
	return s + ")"
}

func shortHash(h string) string { return h[:min(12, len(h))] }

// WriteSuppressed lists the suppressed findings and the reasons given.
func WriteSuppressed(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	p := newPalette(opts.Color)
	for _, f := range r.Findings {
		if !f.Suppressed {
			continue
		}
		fmt.Fprintf(bw, "%s: suppressed %s%s: %s\n",
			p.path.Sprintf("%s:%d:%d", quotePath(f.DisplayPath()), f.Line, f.Column),
			p.dim.Sprintf("[%s]", f.RuleID), detail(f, opts, p), f.SuppressReason)
	}
	return bw.Flush()
}

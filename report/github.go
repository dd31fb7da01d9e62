package report

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/rules"
)

// writeGitHub writes one GitHub Actions workflow command per finding, so
// that a workflow step shows the findings as annotations on the files:
//
//	::error file=deploy/.env,line=3,col=14,endLine=3,endColumn=78,title=Hard-coded CUDO API key (cudo-api-key)::hard-coded CUDO API key ... (key 4f1c...9a0e, high confidence)
//
// With ShowSuppressed, suppressed findings are notices. The log of a
// workflow run is visible to whoever can see the run, so this format never
// prints a secret, even with --show-secrets.
func writeGitHub(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	titles := map[string]string{}
	for _, rule := range rules.All() {
		titles[rule.ID] = rule.Title + " (" + rule.ID + ")"
	}
	for _, f := range r.Findings {
		level := "error"
		if f.Severity == rules.SeverityWarning {
			level = "warning"
		}
		title, ok := titles[f.RuleID]
		if !ok {
			title = f.RuleID
		}
		msg := sarifText(r, f)
		switch {
		case f.History != nil:
			msg += " History: " + historyLine(f) + "."
		case f.Commit != nil:
			msg += " In commit " + shortHash(f.Commit.Hash) + " by " + f.Commit.Author + " on " + f.Commit.Date + "."
		}
		if f.Suppressed {
			if !opts.ShowSuppressed {
				continue
			}
			level, title = "notice", "Suppressed: "+title
			msg = "Suppressed (" + f.SuppressReason + "): " + msg
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", level, githubProperties(f, title), escapeData(msg))
	}
	return bw.Flush()
}

// githubProperties are the annotation's position and title.
func githubProperties(f finding.Finding, title string) string {
	p := filepath.ToSlash(f.DisplayPath())
	if !filepath.IsAbs(f.DisplayPath()) {
		p = path.Clean(p)
	}
	props := []string{"file=" + escapeProperty(p)}
	if f.Line > 0 {
		props = append(props, "line="+strconv.Itoa(f.Line), "col="+strconv.Itoa(f.Column))
		if f.EndLine > 0 {
			props = append(props, "endLine="+strconv.Itoa(f.EndLine), "endColumn="+strconv.Itoa(f.EndColumn))
		}
	}
	props = append(props, "title="+escapeProperty(title))
	return strings.Join(props, ",")
}

// escapeData escapes a workflow command's message as the Actions runner
// expects (actions/toolkit, command.ts): an unescaped newline would end the
// command and could start another one.
var dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a property value, where ":" and "," are
// delimiters too.
var propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

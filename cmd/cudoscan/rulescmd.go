package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/cudoscan/cudoscan/internal/suggest"
	"github.com/cudoscan/cudoscan/rules"
)

// exampleStandIns show the example markers in docs without printing
// anything key-shaped.
var exampleStandIns = []string{"<64 hex digits>", "<another 64 hex digits>", "ck_live_<random>",
	"<S3 access key>", "<S3 secret key>", "<S3 session token>", "<VM password>"}

func runRules(_ context.Context, e *env, args []string) int {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fmt.Fprintln(e.stdout, "Usage: cudoscan rules [ID...]\n\nLists the rules, or explains each rule named: what it finds, why it matters,\nhow to fix it, and examples of what it reports and what it does not.")
			return exitClean
		}
	}
	if len(args) == 0 {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RULE\tSEVERITY\tSUMMARY")
		for _, r := range rules.All() {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Summary)
		}
		tw.Flush()
		fmt.Fprintln(e.stdout, "\nRun 'cudoscan rules ID' for what a rule finds, why, and examples.")
		return exitClean
	}
	code := exitClean
	for i, id := range args {
		r, ok := rules.Lookup(id)
		if !ok {
			var ids []string
			for _, r := range rules.All() {
				ids = append(ids, r.ID)
			}
			hint := ""
			if s := suggest.Closest(id, ids); s != "" {
				hint = fmt.Sprintf(", did you mean %q?", s)
			}
			code = e.errorf("unknown rule %q (run 'cudoscan rules' for the list%s)", id, hint)
			continue
		}
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		explainRule(e, r)
	}
	return code
}

func explainRule(e *env, r rules.Rule) {
	w := e.stdout
	fmt.Fprintf(w, "%s: %s (%s)\n\n%s\n", r.ID, r.Title, r.Severity, r.Description)
	for _, match := range []bool{true, false} {
		title := "Reported"
		if !match {
			title = "Not reported"
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, ex := range r.Examples {
			if ex.Match != match {
				continue
			}
			note := ex.Kind
			if !match {
				note = ex.Reason
			}
			fmt.Fprintf(w, "\n  # %s", ex.Path)
			if note != "" {
				fmt.Fprintf(w, " (%s)", note)
			}
			fmt.Fprintln(w)
			for _, line := range strings.Split(strings.TrimSuffix(ex.Render(exampleStandIns...), "\n"), "\n") {
				fmt.Fprintf(w, "  %s\n", line)
			}
		}
	}
}

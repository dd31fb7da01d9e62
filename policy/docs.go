package policy

import (
	"flag"
	"fmt"
	"strings"
)

// FlagTable returns the README's table of options, in Markdown: every
// flag and config key of the table, with its default and the commands
// that take it. The README holds it between the FlagTableBegin and
// FlagTableEnd markers; a test fails when the two differ.
func FlagTable() string {
	var b strings.Builder
	b.WriteString("| flag | config key | commands | meaning |\n| --- | --- | --- | --- |\n")
	defaults := Defaults()
	for _, o := range Table {
		flagCol, configCol := "", ""
		if o.Flag != "" {
			flagCol = "`" + dashes(o.Flag)
			if o.Arg != "" {
				flagCol += " " + o.Arg
			}
			flagCol += "`"
			if o.Short != "" {
				flagCol = "`-" + o.Short + "`, " + flagCol
			}
		}
		if o.Config != "" {
			configCol = "`" + o.Config + "`"
		}
		meaning := o.Doc
		if len(o.Choices) > 0 {
			meaning += ": " + strings.Join(o.Choices, ", ")
		}
		if d := defaultText(o, &defaults); d != "" {
			meaning += " (default `" + d + "`)"
		}
		if o.More != "" {
			meaning += "; " + o.More
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", flagCol, configCol, o.Modes, escapeCell(meaning))
	}
	return b.String()
}

// The README's markers around FlagTable.
const (
	FlagTableBegin = "<!-- options: generated from policy.Table; go test ./policy -run TestREADME -update -->"
	FlagTableEnd   = "<!-- end of options -->"
)

func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// defaultText is an option's default as a user would type it, or "" when
// it is the zero value (off, empty, or computed: --jobs 0).
func defaultText(o Option, s *Settings) string {
	if o.field == nil || o.Flag == "" {
		return ""
	}
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	register(fs, "x", "", o.field(s))
	d := fs.Lookup("x").DefValue
	switch d {
	case "", "false", "0", "0s":
		return ""
	}
	return d
}

// escapeCell keeps a Markdown table cell in its column.
func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// FlagNames returns the flags mode m takes, as typed (--format, -C), for
// shell completion.
func FlagNames(m Mode) []string {
	var out []string
	for _, o := range options(m) {
		if o.Flag == "" || o.field == nil {
			continue
		}
		out = append(out, dashes(o.Flag))
		if o.Short != "" {
			out = append(out, dashes(o.Short))
		}
	}
	return out
}

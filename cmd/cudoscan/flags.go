package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"

	"github.com/cudoscan/cudoscan/internal/suggest"
)

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments (cudoscan scan . --format json), as users of
// other scanners expect. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	if err := checkFlagNames(fs, args); err != nil {
		return nil, err
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, rest...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// checkFlagNames answers a mistyped flag in one line with a guess, before
// the flag package would print the command's whole usage under its error.
func checkFlagNames(fs *flag.FlagSet, args []string) error {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' || a == "--" {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		switch {
		case f != nil:
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) {
				i++ // its value, which may start with a dash
			}
		case name == "h" || name == "help":
			// the flag package prints the usage, as asked
		default:
			msg := fmt.Sprintf("unknown flag %s", a)
			if s := suggest.Closest(name, names); s != "" {
				msg += fmt.Sprintf(" (did you mean -%s?)", dashName(s))
			}
			fmt.Fprintf(fs.Output(), "cudoscan %s: %s; run 'cudoscan help %s' for its flags\n", fs.Name(), msg, fs.Name())
			return errors.New(msg)
		}
	}
	return nil
}

// dashName writes a flag as it is typed, less its first dash: -C, --format.
func dashName(name string) string {
	if len(name) == 1 {
		return name
	}
	return "-" + name
}

// splitFlags parses args as parseInterspersed does, and returns the flags
// with their values as given, to be handed on to another command, apart
// from the positional arguments. "--" ends the flags and is dropped.
func splitFlags(fs *flag.FlagSet, args []string) (flags, pos []string, err error) {
	var rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, nil, err
		}
		// What Parse consumed, from the front, is flags and their values.
		flags = append(flags, args[:len(args)-len(fs.Args())]...)
		args = fs.Args()
		if len(args) == 0 {
			return flags, append(pos, rest...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// useColor decides --color (auto, always or never: policy validates it)
// for a writer: auto means only on a terminal and only when NO_COLOR is
// unset.
func useColor(mode string, w io.Writer, getenv func(string) string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if getenv("NO_COLOR") != "" {
		return false
	}
	return isTerminal(w)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

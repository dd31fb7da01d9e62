package main

import (
	"flag"
	"io"
	"os"

	"github.com/mattn/go-isatty"
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

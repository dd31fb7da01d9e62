package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cudoscan/cudoscan/config"
	"github.com/cudoscan/cudoscan/internal/suggest"
	"github.com/cudoscan/cudoscan/internal/version"
	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/rules"
)

// Exit codes: policy defines them, for every command.
const (
	exitClean    = policy.ExitClean
	exitFindings = policy.ExitFindings
	exitError    = policy.ExitError
	exitLive     = policy.ExitLive
)

// env is what a command may touch: its streams and environment lookups.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"scan", "scan files and directories (default: .)", runScan},
		{"staged", "scan what the next commit would contain (the git index)", runStaged},
		{"history", "scan every blob in the git history, naming the commit of each finding", runHistory},
		{"pre-push", "scan the commits a git push would send (a pre-push hook: reads git's ref lines on stdin)", runPrePush},
		{"install-hook", "install a git pre-commit hook that runs 'cudoscan staged'", runInstallHook},
		{"verify", "read keys from stdin and ask the CUDO API whether each is live", runVerify},
		{"revoke", "delete a live key read from stdin, by name, once you confirm: cudoscan revoke [--name NAME --yes] < keyfile", runRevoke},
		{"baseline", "write the current findings as a baseline: cudoscan baseline [--output FILE] [PATH...]", runBaseline},
		{"config", "write an example " + config.FileName + " (config init), or check one (config check)", runConfig},
		{"rules", "list the rules, or explain one: cudoscan rules [ID]", runRules},
		{"completion", "print a shell completion script: cudoscan completion bash|zsh|fish", runCompletion},
		{"version", "print the version", runVersion},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		usage(stderr)
		return exitError
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			// cudoscan help scan: the command's own -h.
			return run(ctx, []string{args[1], "-h"}, stdin, stdout, stderr)
		}
		usage(stdout)
		return exitClean
	case "-version", "--version":
		return runVersion(ctx, e, nil)
	}
	var names []string
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
		names = append(names, c.name)
	}
	// One line, not the whole usage: a typo deserves an answer, not a
	// page to read it in.
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := suggest.Closest(args[0], names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	e.errorf("%s; run 'cudoscan help' for the commands", msg)
	return exitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "cudoscan finds hard-coded CUDO Compute API keys and malformed Authorization headers.")
	fmt.Fprintln(w, "\nUsage:\n  cudoscan <command> [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'cudoscan <command> -h' for the flags of a command.")
	fmt.Fprintln(w, "Exit codes: 0 nothing found, 1 findings, 2 error or nothing scanned, 3 a verified live key.")
}

func runVersion(_ context.Context, e *env, _ []string) int {
	fmt.Fprintf(e.stdout, "cudoscan %s\n", version.String())
	return exitClean
}

// newFlagSet returns the flag set of a subcommand. The flag package prints
// parse errors itself, quoting the value it rejects ("invalid value ... for
// flag -jobs"): its output is redacted as errorf's is.
func newFlagSet(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(redactingWriter{e.stderr})
	return fs
}

// redactingWriter redacts anything key-shaped in each write. The flag
// package writes a message or a usage line at a time, so a key is never
// split across two writes.
type redactingWriter struct{ w io.Writer }

func (r redactingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, rules.RedactKeyShaped(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// errorf prints an error in the house format and returns exitError.
// Errors may quote what the user gave or what a file holds: anything
// key-shaped in them is redacted, whatever produced it.
func (e *env) errorf(format string, args ...any) int {
	fmt.Fprintln(e.stderr, "cudoscan: "+rules.RedactKeyShaped(fmt.Sprintf(format, args...)))
	return exitError
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/verify"
)

// runVerify reads keys from stdin and prints a verdict for each: to check
// that a revoked key is really dead. It takes what users pipe in (bare
// keys, .env files, cudoscan's JSON report with --show-secrets) and sends
// only the CUDO API keys found in it, never a whole line. Keys are shown
// redacted unless --show-secrets.
func runVerify(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "verify")
	s := policy.Defaults()
	policy.Register(fs, policy.ModeVerify, &s)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: cudoscan verify [flags] < keys.txt\n\nReads CUDO API keys from stdin (bare keys, KEY=value lines, cudoscan's JSON\nreport with --show-secrets) and asks the CUDO API whether each is live. Only\nthe keys found are sent, never a whole line.\nExit code 3 when any key is live or possibly live, 2 when any is unknown, 0 when all are invalid.\n\nFlags:")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	if len(rest) > 0 {
		return e.errorf("verify reads keys from stdin, not arguments (a key on a command line leaks into shell history and ps)")
	}
	pol, err := policy.Load(fs, policy.ModeVerify, s, policy.Where{})
	if err != nil {
		return e.errorf("%v", err)
	}
	v, err := pol.Verifier()
	if err != nil {
		return e.errorf("%v", err)
	}
	in, err := readInputKeys(e.stdin, func(line int) {
		fmt.Fprintf(e.stderr, "cudoscan: stdin line %d is longer than 1 MiB: skipped, nothing in it was sent\n", line)
	})
	if err != nil {
		return e.errorf("reading stdin: %v", err)
	}
	keys := in.keys
	if len(keys) == 0 {
		return e.errorf("no CUDO API key in the %d %s on stdin: nothing was sent (give bare keys, KEY=value lines or a JSON report made with --show-secrets)", in.lines, pluralWord(in.lines, "line", "lines"))
	}
	verdicts := v.CheckAll(ctx, keys)
	code := policy.ExitClean
	for _, k := range keys {
		shown := report.Redact(k)
		if s.ShowSecrets {
			shown = k
		}
		vd := verdicts[k]
		fmt.Fprintf(e.stdout, "%s: %s\n", shown, report.VerdictText(vd))
		switch {
		case vd.Live():
			code = policy.ExitLive
		case vd.Status == verify.StatusUnknown && code == policy.ExitClean:
			code = policy.ExitError
		}
	}
	if code == policy.ExitLive {
		// Once per run, not under each key.
		fmt.Fprintln(e.stderr, report.RevokeAdvice())
	}
	return code
}

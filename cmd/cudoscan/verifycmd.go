package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/verify"
)

// runVerify reads keys from stdin, one per line, and prints a verdict for
// each: to check that a revoked key is really dead. Keys are shown
// redacted unless --show-secrets.
func runVerify(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "verify")
	s := policy.Defaults()
	policy.Register(fs, policy.ModeVerify, &s)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: cudoscan verify [flags] < keys.txt\n\nReads keys from stdin, one per line, and asks the CUDO API whether each is live.\nExit code 3 when any key is live.\n\nFlags:")
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
	var keys []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		k := strings.TrimSpace(sc.Text())
		if k != "" && !strings.HasPrefix(k, "#") && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	if err := sc.Err(); err != nil {
		return e.errorf("reading stdin: %v", err)
	}
	if len(keys) == 0 {
		return e.errorf("no keys on stdin: nothing was verified")
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
		fmt.Fprintln(e.stderr, report.RevokeAdvice())
	}
	return code
}

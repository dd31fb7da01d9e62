package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cudoscan/cudoscan/internal/version"
	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/verify"
)

// consoleKeys is where a user deletes a key by hand.
const consoleKeys = "https://compute.cudo.org/profile/api-keys"

// openTerminal opens the terminal to ask for confirmation: stdin holds the
// key, so the answer cannot come from there. Tests replace it.
var openTerminal = func() (io.ReadWriteCloser, error) { return os.OpenFile("/dev/tty", os.O_RDWR, 0) }

// runRevoke deletes a live key, read from stdin, from its CUDO account. It
// lists the account's keys (names and creation dates: the API says no
// more), points at the likely one, and deletes only a name the user
// confirmed, at the terminal or with --name NAME --yes; then it verifies
// the key again and expects it to be rejected. Without a confirmation it
// is a dry run. The key is never read from the command line, where shell
// history and ps would keep it.
func runRevoke(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "revoke")
	s := policy.Defaults()
	policy.Register(fs, policy.ModeRevoke, &s)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: cudoscan revoke [--name NAME [--yes]] < keyfile\n\n"+
			"Reads one CUDO API key from stdin (a bare key, a .env, a cudo.yml, cudoscan's JSON report\n"+
			"with --show-secrets), lists the names of its account's keys, and deletes the one you\n"+
			"confirm (DELETE /v1/api-keys/NAME), then verifies the key again.\n"+
			"Without --yes nothing is deleted unless you type the name at the terminal: a dry run.\n"+
			"Exit code 0 when the key is rejected at the end, 3 while it is live or possibly live, 2 on error.\n\nFlags:")
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
		return e.errorf("revoke reads the key from stdin, not arguments (a key on a command line leaks into shell history and ps)")
	}
	if s.Yes && s.RevokeName == "" {
		return e.errorf("--yes needs --name NAME: cudoscan never chooses the key to delete for you")
	}
	if s.RevokeName != "" && !verify.ValidKeyName(s.RevokeName) {
		return e.errorf("--name %q is not an API key name (letters, digits, - and _)", s.RevokeName)
	}
	pol, err := policy.Load(fs, policy.ModeRevoke, s, policy.Where{})
	if err != nil {
		return e.errorf("%v", err)
	}
	v, err := pol.Verifier()
	if err != nil {
		return e.errorf("%v", err)
	}
	admin, err := verify.NewAdmin(verify.Options{BaseURL: s.APIURL, UserAgent: version.UserAgent()})
	if err != nil {
		return e.errorf("%v", err)
	}
	in, err := readInputKeys(e.stdin, func(line int) {
		fmt.Fprintf(e.stderr, "cudoscan: stdin line %d is longer than 1 MiB: skipped, nothing in it was sent\n", line)
	})
	if err != nil {
		return e.errorf("reading stdin: %v", err)
	}
	switch len(in.keys) {
	case 0:
		return e.errorf("no CUDO API key on stdin: nothing was sent")
	case 1:
	default:
		return e.errorf("%d keys on stdin: revoke takes one at a time (nothing was sent)", len(in.keys))
	}
	r := &revocation{e: e, s: s, v: v, admin: admin, key: in.keys[0],
		beside: in.name[in.keys[0]], introduced: in.introduced[in.keys[0]]}
	return r.run(ctx)
}

// revocation is one run of cudoscan revoke, for one key.
type revocation struct {
	e          *env
	s          policy.Settings
	v          *verify.Verifier
	admin      *verify.Admin
	key        string
	beside     string    // the name beside the key in the input, if any
	introduced time.Time // when the key was committed, if known
}

func (r *revocation) run(ctx context.Context) int {
	e, shown := r.e, report.Redact(r.key)
	vd := r.v.Check(ctx, r.key)
	fmt.Fprintf(e.stdout, "%s: %s\n", shown, report.VerdictText(vd))
	switch {
	case vd.Status == verify.StatusInvalid:
		fmt.Fprintln(e.stdout, "Nothing to revoke: CUDO already rejects this key.")
		return exitClean
	case !vd.Live():
		return e.errorf("cannot tell whether the key works, so nothing was listed or deleted; try again later")
	}
	code := r.revoke(ctx)
	if code != exitClean {
		fmt.Fprintf(e.stderr, "To delete the key by hand: %s (Profile > API keys), or DELETE /v1/api-keys/NAME with another key.\n", consoleKeys)
	}
	fmt.Fprintln(e.stderr, report.RevokeAdvice())
	return code
}

// revoke lists, asks, deletes and verifies again; it returns the exit code.
func (r *revocation) revoke(ctx context.Context) int {
	e := r.e
	keys, total, err := r.admin.List(ctx, r.key)
	if err != nil {
		fmt.Fprintf(e.stderr, "cudoscan: cannot list the account's API keys with this key: %v\n", err)
		return exitLive
	}
	likely := r.listKeys(keys, total)
	name := r.s.RevokeName
	if name != "" && !hasKey(keys, name) {
		fmt.Fprintf(e.stderr, "cudoscan: the account has no API key named %q: nothing was deleted\n", name)
		return exitError
	}
	if !r.s.Yes {
		var ok bool
		if name, ok = r.confirm(keys, name, likely); !ok {
			return exitLive
		}
	}
	res, derr := r.admin.Delete(ctx, r.key, name)
	switch res {
	case verify.NotFound:
		fmt.Fprintf(e.stderr, "cudoscan: no API key named %q (HTTP 404): nothing was deleted\n", name)
		return exitError
	case verify.Refused:
		// Whether a key may delete itself is not documented: this is
		// one of the two answers.
		fmt.Fprintf(e.stderr, "cudoscan: %v: the API does not let this key delete %q (a key may not be allowed to delete itself)\n", derr, name)
		return exitLive
	case verify.Unclear:
		fmt.Fprintf(e.stderr, "cudoscan: %v; verifying the key again to see what happened\n", derr)
	default:
		fmt.Fprintf(e.stdout, "Deleted the API key %q.\n", name)
	}
	return r.verifyAgain(ctx, name)
}

// listKeys prints the account's keys and returns the likely name of the
// leaked one, or "".
func (r *revocation) listKeys(keys []verify.APIKey, total int) string {
	w := r.e.stdout
	fmt.Fprintf(w, "The account has %d API %s (the API gives names and creation dates only, not which one this is):\n",
		total, pluralWord(total, "key", "keys"))
	var before []string
	for _, k := range keys {
		created, note := "creation date unknown", ""
		if !k.Created.IsZero() {
			created = "created " + k.Created.UTC().Format(time.RFC3339)
		}
		switch {
		case k.Name == r.beside:
			note = "  <- the name beside the key in the input"
		case !r.introduced.IsZero() && !k.Created.IsZero() && k.Created.After(r.introduced):
			note = "  (created after the key was committed: not this one)"
		}
		if !r.introduced.IsZero() && !k.Created.IsZero() && !k.Created.After(r.introduced) {
			before = append(before, k.Name)
		}
		fmt.Fprintf(w, "  %-40s %s%s\n", k.Name, created, note)
	}
	if total > len(keys) {
		fmt.Fprintf(w, "  ... and %d more, not listed here: see %s\n", total-len(keys), consoleKeys)
	}
	switch {
	case r.beside != "" && hasKey(keys, r.beside):
		fmt.Fprintf(w, "Likely the leaked key: %q, the name beside it in the input.\n", r.beside)
		return r.beside
	case len(before) == 1:
		fmt.Fprintf(w, "Likely the leaked key: %q, the only key created before the commit that introduced it (%s).\n",
			before[0], r.introduced.UTC().Format(time.RFC3339))
		return before[0]
	}
	return ""
}

// confirm asks at the terminal for the name of the key to delete, and
// reports whether one was confirmed. With no terminal it is a dry run.
func (r *revocation) confirm(keys []verify.APIKey, name, likely string) (string, bool) {
	e := r.e
	tty, err := openTerminal()
	if err != nil {
		fmt.Fprintln(e.stdout, "Dry run: nothing was deleted. To delete a key, run again at a terminal, or with --name NAME --yes.")
		return "", false
	}
	defer tty.Close()
	switch {
	case name != "":
		fmt.Fprintf(tty, "Delete the API key %q? Type its name to confirm, or press Enter to cancel: ", name)
	case likely != "":
		fmt.Fprintf(tty, "Type the name of the key to delete (likely %q), or press Enter to cancel: ", likely)
	default:
		fmt.Fprint(tty, "Type the name of the key to delete, or press Enter to cancel: ")
	}
	line, _ := bufio.NewReader(io.LimitReader(tty, 1024)).ReadString('\n')
	typed := strings.TrimSpace(line)
	switch {
	case typed == "":
		fmt.Fprintln(e.stdout, "Cancelled: nothing was deleted.")
		return "", false
	case name != "" && typed != name:
		fmt.Fprintf(e.stdout, "Cancelled: %q is not %q; nothing was deleted.\n", typed, name)
		return "", false
	case !hasKey(keys, typed):
		fmt.Fprintf(e.stdout, "Cancelled: the account has no API key named %q; nothing was deleted.\n", typed)
		return "", false
	}
	return typed, true
}

// verifyAgain checks that the key is now rejected, after deleting name.
func (r *revocation) verifyAgain(ctx context.Context, name string) int {
	e := r.e
	vd := r.v.Check(ctx, r.key)
	fmt.Fprintf(e.stdout, "%s: %s\n", report.Redact(r.key), report.VerdictText(vd))
	switch {
	case vd.Status == verify.StatusInvalid:
		fmt.Fprintln(e.stdout, "Revoked: CUDO now rejects the key.")
		return exitClean
	case vd.Live():
		fmt.Fprintf(e.stderr, "cudoscan: the key still works: %q was not this key, or the deletion has not reached every server yet; run 'cudoscan verify' again in a minute\n", name)
		return exitLive
	default:
		return e.errorf("cannot tell whether the key still works; run 'cudoscan verify' again")
	}
}

func hasKey(keys []verify.APIKey, name string) bool {
	for _, k := range keys {
		if k.Name == name {
			return true
		}
	}
	return false
}

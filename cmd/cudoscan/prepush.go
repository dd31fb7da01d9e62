package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

// runPrePush is the pre-push hook: it works out which commits the push
// sends and hands them to runHistory as revisions, so that every flag,
// setting and output of history applies to a push as to any other scan.
func runPrePush(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "pre-push")
	// history's flags, registered here only so that REMOTE and URL can be
	// told from flag values, and -C read: the flags go on to runHistory as
	// given.
	r := newScanRun(fs, policy.ModeHistory)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: cudoscan pre-push [flags] [REMOTE [URL]]

The pre-push hook ('cudoscan install-hook --pre-push' installs it): scans
the commits a git push would send, read from the ref lines git gives the
hook on stdin, as 'cudoscan history' scans them, with history's flags.
Commits made with 'git commit --no-verify' are scanned too.

  a new ref    its commits that no ref under refs/remotes/REMOTE/ has
               (all of them when there is none)
  an update    REMOTE-SHA..LOCAL-SHA; a new ref's rule when REMOTE-SHA is
               not in this repository (a force push without a fetch)
  a deletion   nothing

Under the pre-commit framework (hook cudoscan-push), which reads git's
lines itself, what is pushed comes from PRE_COMMIT_FROM_REF,
PRE_COMMIT_TO_REF and PRE_COMMIT_REMOTE_NAME instead. Exit status 0 when
the push sends no commit the remote lacks (a line on stderr says so);
otherwise as for history.

Flags:`)
		fs.PrintDefaults()
	}
	flags, pos, err := splitFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	if len(pos) > 2 {
		return e.errorf("pre-push takes at most REMOTE and URL, as git gives them to the hook (got %q)", pos)
	}
	remote := ""
	if len(pos) > 0 {
		remote = pos[0]
	}
	repo, err := gitscan.Open(ctx, r.s.Dir)
	if err != nil {
		return e.errorf("%v", err)
	}
	plan, remote, err := pushPlan(ctx, e, repo, remote)
	if err != nil {
		return e.errorf("pre-push: %v", err)
	}
	for _, ref := range plan.NotCommits {
		fmt.Fprintf(e.stderr, "cudoscan: pre-push: %s points at a tree or a blob, not a commit: it brings no history to scan\n", ref)
	}
	if len(plan.Revs) == 0 {
		// No revision would mean every ref to runHistory.
		fmt.Fprintf(e.stderr, "nothing to scan: %s\n", nothingSent(plan, remote))
		return exitClean
	}
	// The commits pushed are all here, whatever the clone's depth: a
	// shallow boundary hides only commits the remote already has, so
	// history's refusal of a shallow clone does not apply to a push.
	return runHistory(ctx, e, append(append(flags, "--allow-shallow"), plan.Revs...))
}

// pushPlan works out what the push sends, and to which remote. The
// pre-commit framework reads git's ref lines itself and gives its hooks
// none: it describes the push, or its first ref, in the environment. It
// leaves the from-ref out when the branch's first new commit is a root.
func pushPlan(ctx context.Context, e *env, repo *gitscan.Repo, remote string) (*gitscan.PushPlan, string, error) {
	if remote == "" {
		remote = e.getenv("PRE_COMMIT_REMOTE_NAME")
	}
	local := e.getenv("PRE_COMMIT_TO_REF")
	ref := e.getenv("PRE_COMMIT_LOCAL_BRANCH")
	if local == "" {
		local = ref
	}
	if local == "" {
		plan, err := repo.PushRevs(ctx, remote, e.stdin)
		return plan, remote, err
	}
	if ref == "" {
		ref = local
	}
	u := gitscan.PushUpdate{LocalRef: ref, Local: local, RemoteRef: e.getenv("PRE_COMMIT_REMOTE_BRANCH"), Remote: e.getenv("PRE_COMMIT_FROM_REF")}
	plan, err := repo.PlanPush(ctx, remote, []gitscan.PushUpdate{u})
	return plan, remote, err
}

// nothingSent says why a push has nothing to scan.
func nothingSent(p *gitscan.PushPlan, remote string) string {
	switch {
	case p.Updates == 0:
		return "no ref lines on stdin (git gives a pre-push hook one per ref it pushes)"
	case p.Deletions == p.Updates:
		return fmt.Sprintf("the push only deletes (%d %s)", p.Deletions, pluralWord(p.Deletions, "ref", "refs"))
	case p.Deletions+len(p.NotCommits) == p.Updates:
		return "the push sends no commit"
	case !plainName(remote):
		return "the push sends no commit that the remote lacks"
	}
	return "the push sends no commit that " + remote + " lacks"
}

// plainName reports whether a remote may be named in a message. git
// gives a hook the URL in place of the name when the remote has none, and
// a URL may hold a user and a password or token.
func plainName(remote string) bool {
	if remote == "" {
		return false
	}
	for _, c := range remote {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '/') {
			return false
		}
	}
	return true
}

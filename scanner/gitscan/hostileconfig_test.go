package gitscan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
)

// tripwire is a program for a hostile config to name: it records that it
// ran. Each test first runs plain git on the same repository to show that
// git does run it there, so that its absence after the scan means
// something.
type tripwire struct {
	t      *testing.T
	Script string // the program's path
	marker string // created when it runs
}

func newTripwire(t *testing.T) *tripwire {
	t.Helper()
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh to run the tripwire:", err)
	}
	dir := t.TempDir()
	w := &tripwire{t: t, Script: filepath.Join(dir, "tripwire"), marker: filepath.Join(dir, "ran")}
	script := fmt.Sprintf("#!/bin/sh\necho \"$0 $*\" >>'%s'\nexit 1\n", w.marker)
	if err := os.WriteFile(w.Script, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return w
}

// ran reports whether the program ran, and forgets it.
func (w *tripwire) ran() bool {
	w.t.Helper()
	_, err := os.Stat(w.marker)
	if err == nil {
		if err := os.Remove(w.marker); err != nil {
			w.t.Fatal(err)
		}
		return true
	}
	if !os.IsNotExist(err) {
		w.t.Fatal(err)
	}
	return false
}

// core.fsmonitor names a command that git runs whenever it reads the
// index; `git diff-index --cached` and `git ls-files --stage` on git 2.39
// both run it (checked first, below). The staged scan, of the changes and
// of the whole index, must not.
func TestStagedNeverRunsTheRepositorysFsmonitor(t *testing.T) {
	w := newTripwire(t)
	r := gittest.New(t)
	r.Write("README.md", "v1\n")
	r.Add()
	r.Commit("init")
	r.Write("README.md", "v2\n")
	r.Add()
	r.Git("config", "core.fsmonitor", w.Script)

	r.Git("diff-index", "--cached", "HEAD", "--")
	if !w.ran() {
		t.Skip("this git does not run core.fsmonitor when it reads the index: nothing to guard")
	}
	for _, all := range []bool{false, true} {
		res := staged(t, r.Dir, all)
		if res.Stats.Files != 1 {
			t.Errorf("all=%v: scanned %d files, want 1", all, res.Stats.Files)
		}
		if w.ran() {
			t.Errorf("all=%v: the staged scan ran the repository's core.fsmonitor", all)
		}
	}
}

// log.showSignature makes git log verify every signed commit with
// gpg.program. A stash that is a signed commit made the history scan's
// walk of the stash reflog run it (checked first, with plain git log).
func TestHistoryNeverRunsTheRepositorysGPGProgram(t *testing.T) {
	w := newTripwire(t)
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Add()
	r.Commit("init")
	// A commit with a signature header: git hands it to gpg.program to
	// verify, whether or not the signature is any good.
	tree := strings.TrimSpace(r.Git("rev-parse", "HEAD^{tree}"))
	signed := "tree " + tree + "\nauthor A <a@example.com> 1 +0000\ncommitter A <a@example.com> 1 +0000\n" +
		"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQ==\n -----END PGP SIGNATURE-----\n\nsigned\n"
	out, err := gittest.RunInWithStdin(r.Dir, strings.NewReader(signed), "git", "hash-object", "-w", "-t", "commit", "--stdin")
	if err != nil {
		t.Fatal(err)
	}
	r.Git("update-ref", "--create-reflog", "refs/stash", strings.TrimSpace(out))
	r.Git("config", "log.showSignature", "true")
	r.Git("config", "gpg.program", w.Script)

	r.Git("log", "--walk-reflogs", "--format=%H", "refs/stash", "--")
	if !w.ran() {
		t.Skip("this git does not verify signatures for log.showSignature: nothing to guard")
	}
	res := history(t, r.Dir, historyAll)
	checkKeys(t, res.Findings, want("deploy.sh", key))
	if w.ran() {
		t.Error("the history scan ran the repository's gpg.program")
	}
}

// A partial clone fetches a missing blob from its promisor remote when
// asked for it, and a fetch over ssh runs the core.sshCommand that the
// repository's config names (checked first, with plain git cat-file).
// A git that knows GIT_NO_LAZY_FETCH (2.45.1, and 2.39.4 and the other
// security releases of May 2024) does not fetch; an older one is stopped
// by the empty GIT_ALLOW_PROTOCOL alone, which this test guards (without
// both, it fails).
func TestHistoryNeverRunsTheRepositorysSSHCommand(t *testing.T) {
	w := newTripwire(t)
	origin := gittest.New(t)
	origin.Write("f.txt", "v1\n")
	origin.Add()
	origin.Commit("v1")
	origin.Write("f.txt", "v2\n")
	origin.Add()
	origin.Commit("v2")
	origin.Git("config", "uploadpack.allowFilter", "true")
	clone := &gittest.Repo{T: t, Dir: filepath.Join(t.TempDir(), "clone")}
	if _, err := gittest.RunIn(filepath.Dir(clone.Dir), nil, "git", "clone", "-q", "--filter=blob:none", "file://"+origin.Dir, clone.Dir); err != nil {
		t.Fatal(err)
	}
	var missing string
	for line := range strings.Lines(clone.Git("rev-list", "--objects", "--missing=print", "--all")) {
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), "?"); ok {
			missing = m
		}
	}
	if missing == "" {
		t.Fatal("the clone has every blob: not a partial clone")
	}
	clone.Git("config", "remote.origin.url", "ssh://example.invalid/repo")
	clone.Git("config", "core.sshCommand", w.Script)

	clone.TryGit([]string{"GIT_NO_LAZY_FETCH=0"}, "cat-file", "-p", missing)
	if !w.ran() {
		t.Skip("this git does not fetch a partial clone's missing blob over ssh: nothing to guard")
	}
	_, err := open(t, clone.Dir).ScanHistory(context.Background(), scanner.Options{}, historyAll)
	if err == nil {
		t.Error("the history scan of a partial clone with a blob missing succeeded")
	}
	if w.ran() {
		t.Error("the history scan ran the repository's core.sshCommand")
	}
}

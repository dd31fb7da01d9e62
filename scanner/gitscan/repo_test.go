package gitscan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

// realPath is dir with every symlink resolved, as git prints paths.
func realPath(t *testing.T, dir string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A repository reached through a symlinked directory: Top and GitDir are
// its real paths, as `git rev-parse --show-toplevel` prints them, not the
// path through the link (--show-cdup would give that one). The
// configuration file and baselines are found from Top.
func TestOpenThroughSymlinkedDirectory(t *testing.T) {
	r := gittest.New(t)
	r.Write("sub/inner/x.txt", "x\n")
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(r.Dir, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	real := realPath(t, r.Dir)
	for _, dir := range []string{link, filepath.Join(link, "sub", "inner")} {
		repo := open(t, dir)
		if repo.Top != real || repo.GitDir != filepath.Join(real, ".git") || repo.Name() != real {
			t.Errorf("Open(%s): Top %q, GitDir %q, Name %q; want Top and Name %q, GitDir %q/.git", dir, repo.Top, repo.GitDir, repo.Name(), real, real)
		}
	}
}

// Inside the git directory of a repository with a work tree there is no
// work tree to scan: Open says where it is instead of failing with git's
// own message.
func TestOpenInsideGitDirectory(t *testing.T) {
	r := gittest.New(t)
	gitDir := filepath.Join(realPath(t, r.Dir), ".git")
	for _, dir := range []string{filepath.Join(r.Dir, ".git"), filepath.Join(r.Dir, ".git", "objects")} {
		_, err := gitscan.Open(context.Background(), dir)
		if err == nil {
			t.Errorf("Open(%s) succeeded", dir)
			continue
		}
		want := dir + ": inside the git directory " + gitDir + ", not in a work tree"
		if err.Error() != want {
			t.Errorf("Open(%s): err = %q, want %q", dir, err, want)
		}
	}
}

func TestOpenBare(t *testing.T) {
	bare := t.TempDir()
	if _, err := gittest.RunIn(bare, nil, "git", "init", "-q", "--bare"); err != nil {
		t.Fatal(err)
	}
	repo := open(t, bare)
	if !repo.Bare || repo.Top != "" || repo.GitDir != realPath(t, bare) || repo.Name() != repo.GitDir {
		t.Errorf("bare: Bare %v, Top %q, GitDir %q, Name %q; want true, \"\", %q, the git directory", repo.Bare, repo.Top, repo.GitDir, repo.Name(), realPath(t, bare))
	}
}

// A linked worktree is a work tree of its own, with its own git
// directory under the main repository's.
func TestOpenLinkedWorktree(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "x\n")
	r.Add()
	r.Commit("init")
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", wt)
	repo := open(t, wt)
	if repo.Top != realPath(t, wt) || repo.Bare {
		t.Errorf("worktree: Top %q, Bare %v; want %q, false", repo.Top, repo.Bare, realPath(t, wt))
	}
	if !strings.HasPrefix(repo.GitDir, filepath.Join(realPath(t, r.Dir), ".git", "worktrees")+string(filepath.Separator)) {
		t.Errorf("worktree: GitDir %q, want one under the main repository's .git/worktrees", repo.GitDir)
	}
}

package gitscan

import (
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// The names kept in emptyTrees are the ones git computes.
func TestEmptyTreesAreGits(t *testing.T) {
	for format, want := range emptyTrees {
		r := &gittest.Repo{T: t, Dir: t.TempDir()}
		r.Git("init", "-q", "--object-format="+format)
		out, err := gittest.RunInWithStdin(r.Dir, strings.NewReader(""), "git", "hash-object", "-t", "tree", "--stdin")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(out); got != want {
			t.Errorf("%s: the empty tree is %s, emptyTrees says %s", format, got, want)
		}
	}
}

// A git that does not name the hash algorithm (before 2.28 it echoes
// --show-object-format back) is asked for the empty tree instead.
func TestEmptyTreeOfUnnamedFormat(t *testing.T) {
	r := gittest.New(t)
	repo := &Repo{dir: r.Dir, objectFormat: "--show-object-format"}
	got, err := repo.emptyTree(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got != emptyTrees["sha1"] {
		t.Errorf("empty tree %q, want the SHA-1 one, %q", got, emptyTrees["sha1"])
	}
}

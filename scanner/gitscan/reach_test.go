package gitscan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

// reachRepo is a history whose leaks are reached from different refs: a
// merged branch, a branch never merged, a commit only an annotated tag
// holds, a lightweight tag, two stashes, and more than 64 branches (so the
// sets of refs take more than one word).
func reachRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	commitKey := func(path string) string {
		r.Write(path, gittest.KeyFile(gittest.Key(t)))
		r.Add()
		return r.Commit("add " + path)
	}
	root := commitKey("root.env")
	r.Git("checkout", "-q", "-b", "feature")
	feature := commitKey("feature.env")
	r.Git("checkout", "-q", "main")
	mainKey := commitKey("main.env")
	r.Git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
	r.Git("tag", "light", mainKey)
	r.Git("checkout", "-q", "-b", "lone", root)
	lone := commitKey("lone.env")
	r.Git("tag", "-a", "-m", "only the tag", "v-lone", lone)
	r.Git("checkout", "-q", "main")
	r.Git("branch", "-D", "lone")
	r.Git("checkout", "-q", "-b", "unmerged")
	commitKey("unmerged.env")
	r.Git("checkout", "-q", "main")
	for i := range 2 {
		r.Write("root.env", gittest.KeyFile(gittest.Key(t)))
		r.Git("stash", "-q", "-m", fmt.Sprint("stash ", i))
	}
	var refs strings.Builder
	for i, at := range []string{root, feature, mainKey} {
		for j := range 24 {
			fmt.Fprintf(&refs, "create refs/heads/many-%d-%02d %s\n", i, j, at)
		}
	}
	if _, err := gittest.RunInWithStdin(r.Dir, strings.NewReader(refs.String()), "git", "update-ref", "--stdin"); err != nil {
		t.Fatal(err)
	}
	return r
}

// wantRefs is the oracle for a leak's refs: every ref that contains one of
// its commits (git for-each-ref --contains), and every older stash that has
// it as an ancestor.
func wantRefs(t *testing.T, r *gittest.Repo, f scanner.Finding) []string {
	t.Helper()
	var want []string
	stashes := strings.Fields(r.Git("log", "--walk-reflogs", "--format=%H", "refs/stash", "--"))
	for _, o := range f.History.Occurrences {
		for _, ref := range strings.Fields(r.Git("for-each-ref", "--contains", o.Commit.Hash, "--format=%(refname)")) {
			if !slices.Contains(want, ref) {
				want = append(want, ref)
			}
		}
		for n, s := range stashes[1:] {
			name := fmt.Sprintf("stash@{%d}", n+1)
			if _, err := r.TryGit(nil, "merge-base", "--is-ancestor", o.Commit.Hash, s); err == nil && !slices.Contains(want, name) {
				want = append(want, name)
			}
		}
	}
	slices.Sort(want)
	return want
}

func checkRefs(t *testing.T, r *gittest.Repo, res *gitscan.HistoryResult, leaks int) {
	t.Helper()
	if len(res.Findings) != leaks {
		t.Fatalf("%d leaks, want %d", len(res.Findings), leaks)
	}
	for _, f := range res.Findings {
		if want := wantRefs(t, r, f); !slices.Equal(f.History.Refs, want) {
			t.Errorf("%s: refs\n%q\nwant\n%q", f.Path, f.History.Refs, want)
		}
	}
}

// The refs reaching each leak, worked out from the history's own log, are
// the ones git says contain its commits; and no second walk of the graph
// (rev-list) is made for them.
func TestHistoryRefsReachingFromTheLog(t *testing.T) {
	r := reachRepo(t)
	gitCommands := logGitCommands(t)
	// root, feature, main, lone, unmerged, and the two stashes' root.env
	checkRefs(t, r, history(t, r.Dir, gitscan.HistoryOptions{}), 7)
	if slices.Contains(gitCommands(), "rev-list") {
		t.Errorf("a history of every ref walked the graph again: %q", gitCommands())
	}
}

// --since leaves ancestors out of the log, never descendants: the refs
// are still every one that reaches the leak.
func TestHistoryRefsReachingSince(t *testing.T) {
	r := reachRepo(t)
	since := r.Git("rev-list", "-n1", "--first-parent", "main", "--", "root.env")
	res := history(t, r.Dir, gitscan.HistoryOptions{Since: strings.TrimSpace(since)})
	if len(res.Findings) == 0 {
		t.Fatal("nothing found since the root")
	}
	checkRefs(t, r, res, len(res.Findings))
}

// Given revisions, the log does not see every ref, and rev-list answers:
// the same refs.
func TestHistoryRefsReachingGivenRevisions(t *testing.T) {
	r := reachRepo(t)
	revs := strings.Fields(r.Git("for-each-ref", "--format=%(refname)", "refs/heads", "refs/tags"))
	revs = append(revs, strings.Fields(r.Git("log", "--walk-reflogs", "--format=%H", "refs/stash", "--"))...)
	checkRefs(t, r, history(t, r.Dir, gitscan.HistoryOptions{Revs: revs}), 7)
}

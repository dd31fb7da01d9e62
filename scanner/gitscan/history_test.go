package gitscan_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func TestHistoryKeyAddedThenDeleted(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "hello\n")
	r.Add()
	r.CommitAs("init", "Init Er", "init@example.com", "2021-01-01T00:00:00Z")
	key := gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Add()
	added := r.CommitAs("add key", "Alice Leaker", "alice@example.com", "2021-03-04T05:06:07+02:00")
	r.Git("rm", "-q", "deploy.sh")
	r.CommitAs("remove key", "Bob Fixer", "bob@example.com", "2021-03-05T00:00:00Z")

	res := history(t, r.Dir, gitscan.HistoryOptions{})
	checkKeys(t, res.Findings, want("deploy.sh", key))
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want 1", len(res.Findings))
	}
	c := res.Findings[0].Commit
	wantCommit := &scanner.Commit{Hash: added, Author: "Alice Leaker", Email: "alice@example.com", Date: "2021-03-04T05:06:07+02:00"}
	if !reflect.DeepEqual(c, wantCommit) {
		t.Errorf("commit = %+v, want %+v", c, wantCommit)
	}
	if res.Commits != 3 || res.Stats.Files != 2 {
		t.Errorf("walked %d commits, scanned %d blobs; want 3 and 2", res.Commits, res.Stats.Files)
	}
}

func TestHistoryScansEachBlobOnce(t *testing.T) {
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("a.sh", gittest.KeyFile(key))
	r.Write("README.md", "v1\n")
	r.Add()
	first := r.Commit("c1")
	r.Write("b.sh", gittest.KeyFile(key)) // the same blob at another path
	r.Write("README.md", "v2\n")
	r.Add()
	r.Commit("c2")
	r.Write("README.md", "v1\n") // back to a blob seen before
	r.Add()
	r.Commit("c3")

	res := history(t, r.Dir, gitscan.HistoryOptions{})
	if res.Stats.Files != 3 {
		t.Errorf("scanned %d blobs, want 3 distinct ones", res.Stats.Files)
	}
	checkKeys(t, res.Findings, want("a.sh", key))
	if len(res.Findings) == 1 && res.Findings[0].Commit.Hash != first {
		t.Errorf("attributed to %s, want the first commit %s", res.Findings[0].Commit.Hash, first)
	}
}

func TestHistoryPathIsThePathInTheIntroducingCommit(t *testing.T) {
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("old dir/näme.sh", gittest.KeyFile(key))
	r.Add()
	c1 := r.Commit("add")
	r.Git("mv", "old dir/näme.sh", "new.sh")
	r.Commit("rename")
	res := history(t, r.Dir, gitscan.HistoryOptions{})
	checkKeys(t, res.Findings, want("old dir/näme.sh", key))
	if len(res.Findings) == 1 && res.Findings[0].Commit.Hash != c1 {
		t.Errorf("commit = %s, want %s", res.Findings[0].Commit.Hash, c1)
	}
}

func TestHistoryRefsAndRevisions(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "x\n")
	r.Add()
	r.Commit("init")
	r.Git("checkout", "-q", "-b", "side")
	key := gittest.Key(t)
	r.Write("side.sh", gittest.KeyFile(key))
	r.Add()
	side := r.Commit("side only")
	r.Git("checkout", "-q", "main")
	stashKey := gittest.Key(t)
	r.Write("README.md", gittest.KeyFile(stashKey))
	r.Git("stash", "-q")

	// Every ref by default: branches, and the stash too.
	res := history(t, r.Dir, gitscan.HistoryOptions{})
	got := map[string]string{}
	for _, f := range res.Findings {
		got[f.Secret] = f.Commit.Hash
	}
	if got[key] != side {
		t.Errorf("side-branch key: commit %q, want %s", got[key], side)
	}
	if _, ok := got[stashKey]; !ok {
		t.Error("the key in the stash was not found with every ref")
	}

	checkKeys(t, history(t, r.Dir, gitscan.HistoryOptions{Revs: []string{"main"}}).Findings)
	checkKeys(t, history(t, r.Dir, gitscan.HistoryOptions{Revs: []string{"main..side"}}).Findings, want("side.sh", key))
}

func TestHistorySince(t *testing.T) {
	r := gittest.New(t)
	k1, k2 := gittest.Key(t), gittest.Key(t)
	r.Write("one.sh", gittest.KeyFile(k1))
	r.Add()
	c1 := r.Commit("c1")
	r.Write("two.sh", gittest.KeyFile(k2))
	r.Add()
	r.Commit("c2")

	res := history(t, r.Dir, gitscan.HistoryOptions{Since: c1})
	checkKeys(t, res.Findings, want("two.sh", k2))
	if res.Commits != 1 || res.Stats.Files != 1 {
		t.Errorf("since c1: %d commits, %d blobs; want 1 and 1", res.Commits, res.Stats.Files)
	}
	res = history(t, r.Dir, gitscan.HistoryOptions{Since: "HEAD"})
	if res.Commits != 0 || res.Stats.Files != 0 {
		t.Errorf("since HEAD: %d commits, %d blobs; want none", res.Commits, res.Stats.Files)
	}
	if _, err := open(t, r.Dir).ScanHistory(context.Background(), scanner.Options{}, gitscan.HistoryOptions{Since: "no-such-rev"}); err == nil || !strings.Contains(err.Error(), "no-such-rev") {
		t.Errorf("--since no-such-rev: err = %v, want one naming the revision", err)
	}
	if _, err := open(t, r.Dir).ScanHistory(context.Background(), scanner.Options{}, gitscan.HistoryOptions{Revs: []string{"no-such-rev"}}); err == nil || !strings.Contains(err.Error(), "no-such-rev") {
		t.Errorf("REV no-such-rev: err = %v, want one naming the revision", err)
	}
}

// A key that only a conflict resolution brought is in no parent: the
// merge commit introduced it.
func TestHistoryKeyFromMergeResolution(t *testing.T) {
	r := gittest.New(t)
	r.Write("f.txt", "base\n")
	r.Add()
	r.Commit("base")
	r.Git("checkout", "-q", "-b", "side")
	r.Write("f.txt", "side\n")
	r.Add()
	r.Commit("side")
	r.Git("checkout", "-q", "main")
	r.Write("f.txt", "main\n")
	r.Add()
	r.Commit("main")
	r.TryGit(nil, "merge", "side")
	key := gittest.Key(t)
	r.Write("f.txt", gittest.KeyFile(key))
	r.Add()
	merge := r.Commit("merge")

	res := history(t, r.Dir, gitscan.HistoryOptions{})
	checkKeys(t, res.Findings, want("f.txt", key))
	if len(res.Findings) == 1 && res.Findings[0].Commit.Hash != merge {
		t.Errorf("commit = %s, want the merge %s", res.Findings[0].Commit.Hash, merge)
	}
}

func TestHistoryOddNamesAndSkips(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "x\n")
	r.Add()
	head := r.Commit("init")
	names := []string{"new\nline.sh", "with space.sh", "ünï.sh"}
	keys := map[string]string{}
	for _, n := range names {
		keys[n] = gittest.Key(t)
		r.Write(n, gittest.KeyFile(keys[n]))
	}
	r.Write("blob.bin", "\x00"+gittest.KeyFile(gittest.Key(t)))
	if err := os.Symlink("README.md", filepath.Join(r.Dir, "link")); err != nil {
		t.Fatal(err)
	}
	r.Add()
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+head+",vendor/sub")
	r.Commit("odd")

	res := history(t, r.Dir, gitscan.HistoryOptions{})
	checkKeys(t, res.Findings, want(names[0], keys[names[0]]), want(names[1], keys[names[1]]), want(names[2], keys[names[2]]))
	sk := skipped(res.Stats)
	if sk["blob.bin"] != "binary" || !strings.HasPrefix(sk["link"], "symlink") || !strings.HasPrefix(sk["vendor/sub"], "submodule") {
		t.Errorf("skipped = %v; want blob.bin binary, link symlink, vendor/sub submodule", sk)
	}
}

func TestHistoryBareClone(t *testing.T) {
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Add()
	c := r.Commit("add")
	r.Git("rm", "-q", "deploy.sh")
	r.Commit("rm")
	bare := filepath.Join(t.TempDir(), "bare.git")
	r.Git("clone", "-q", "--bare", r.Dir, bare)
	res := history(t, bare, gitscan.HistoryOptions{})
	checkKeys(t, res.Findings, want("deploy.sh", key))
	if len(res.Findings) == 1 && res.Findings[0].Commit.Hash != c {
		t.Errorf("commit = %s, want %s", res.Findings[0].Commit.Hash, c)
	}
}

func TestHistoryEmptyRepository(t *testing.T) {
	r := gittest.New(t)
	res := history(t, r.Dir, gitscan.HistoryOptions{})
	if res.Commits != 0 || res.Stats.Files != 0 || len(res.Findings) != 0 {
		t.Errorf("empty repository: %d commits, %d blobs, %d findings", res.Commits, res.Stats.Files, len(res.Findings))
	}
}

// On a longer synthetic history: every reachable blob is scanned exactly
// once (git's own count), every planted key is found with its commit, and
// the output is the same on every run whatever the number of workers.
func TestHistorySyntheticMatchesGit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300-commit repository")
	}
	r := gittest.New(t)
	keys := r.Import(gittest.Synth{Commits: 300, Files: 120, PerCommit: 3, Lines: 20, KeyEvery: 25, Seed: 1})
	out := r.Git("-c", "core.quotepath=false", "rev-list", "--objects", "--all")
	var blobs int
	check := strings.NewReader(out)
	batch, err := gittest.RunInWithStdin(r.Dir, check, "git", "cat-file", "--batch-check=%(objecttype) %(rest)")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(batch, "\n") {
		if strings.HasPrefix(line, "blob ") {
			blobs++
		}
	}

	var first []scanner.Finding
	for _, jobs := range []int{1, 2, 5} {
		res, err := open(t, r.Dir).ScanHistory(context.Background(), scanner.Options{Jobs: jobs}, gitscan.HistoryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Files != int64(blobs) || res.Commits != 300 {
			t.Errorf("jobs %d: scanned %d blobs of %d commits; git counts %d blobs, 300 commits", jobs, res.Stats.Files, res.Commits, blobs)
		}
		if len(res.Findings) != keys {
			t.Errorf("jobs %d: %d findings, want the %d keys planted", jobs, len(res.Findings), keys)
		}
		for _, f := range res.Findings {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(f.Path, "deploy/env"), ".sh"))
			if want := strings.TrimSpace(r.Git("rev-parse", "main~"+strconv.Itoa(299-n))); f.Commit.Hash != want {
				t.Errorf("%s: commit %s, want %s (commit %d)", f.Path, f.Commit.Hash, want, n)
			}
		}
		if first == nil {
			first = res.Findings
		} else if !reflect.DeepEqual(first, res.Findings) {
			t.Errorf("jobs %d: findings differ from jobs 1", jobs)
		}
	}
}

// A partial clone lacks the blobs it never fetched. The scan must neither
// fetch them (that writes objects) nor pass them over in silence: it fails,
// saying why.
func TestHistoryPartialCloneFailsLoudly(t *testing.T) {
	src := gittest.New(t)
	src.Git("config", "uploadpack.allowFilter", "true")
	src.Write("deploy.sh", gittest.KeyFile(gittest.Key(t)))
	src.Add()
	src.Commit("add")
	src.Git("rm", "-q", "deploy.sh")
	src.Commit("rm")
	dir := filepath.Join(t.TempDir(), "partial")
	src.Git("clone", "-q", "--filter=blob:none", "file://"+src.Dir, dir)
	clone := &gittest.Repo{T: t, Dir: dir}
	objects := clone.Git("count-objects", "-v")

	res, err := open(t, dir).ScanHistory(context.Background(), scanner.Options{}, gitscan.HistoryOptions{})
	if err == nil || !strings.Contains(err.Error(), "promisor remote") {
		t.Errorf("err = %v, want git's refusal to fetch from the promisor remote", err)
	}
	if res != nil && len(res.Findings) != 0 {
		t.Errorf("findings %v from blobs that are not there", res.Findings)
	}
	if after := clone.Git("count-objects", "-v"); after != objects {
		t.Errorf("the scan fetched objects:\nbefore %s\nafter %s", objects, after)
	}
}

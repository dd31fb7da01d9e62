package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// leakRepo builds the acceptance repository of the history report: a key
// committed, its file edited three times around it, then the key deleted;
// a second key committed later and still in HEAD. It returns the keys and
// the commits that added and removed the first one and added the second.
func leakRepo(t *testing.T) (r *gittest.Repo, gone, kept, added, removed, addedKept string) {
	t.Helper()
	gittest.Sandbox(t)
	r = gittest.New(t)
	gone, kept = gittest.Key(t), gittest.Key(t)
	script := func(extra int, key string) string {
		var b strings.Builder
		b.WriteString("#!/bin/sh\n# deploy to CUDO Compute\n")
		if key != "" {
			b.WriteString("export CUDO_API_KEY=" + key + "\n")
		}
		for i := range extra {
			fmt.Fprintf(&b, "echo step %d\n", i)
		}
		return b.String()
	}
	r.Write("README.md", "hello\n")
	r.CommitAs("init", "Init", "init@example.com", "2023-01-01T00:00:00Z")
	r.Write("deploy.sh", script(0, gone))
	r.Add()
	added = r.CommitAs("add the deploy script", "Alice Leaker", "alice@example.com", "2023-02-01T00:00:00Z")
	for i := 1; i <= 3; i++ {
		r.Write("deploy.sh", script(i, gone))
		r.Add()
		r.CommitAs(fmt.Sprintf("edit %d", i), "Alice Leaker", "alice@example.com", fmt.Sprintf("2023-02-0%dT00:00:00Z", i+1))
	}
	r.Write("deploy.sh", script(3, ""))
	r.Add()
	removed = r.CommitAs("read the key from the environment", "Bob Fixer", "bob@example.com", "2023-03-01T00:00:00Z")
	r.Write("ops/.env", "CUDO_API_KEY="+kept+"\n")
	r.Add()
	addedKept = r.CommitAs("add ops env", "Carol", "carol@example.com", "2023-04-01T00:00:00Z")
	r.Write("README.md", "hello again\n")
	r.Add()
	r.CommitAs("docs", "Carol", "carol@example.com", "2023-04-02T00:00:00Z")
	return r, gone, kept, added, removed, addedKept
}

// TestHistoryLeakReport: one finding per leak, with the commit that
// introduced it, the one that removed it, whether HEAD has it, how many
// versions hold it and which refs reach it, in every format.
func TestHistoryLeakReport(t *testing.T) {
	r, gone, kept, added, removed, addedKept := leakRepo(t)
	t.Chdir(r.Dir)

	code, stdout, stderr := runCLI(t, "history", "--format", "json")
	if code != exitFindings {
		t.Fatalf("history: exit %d\n%s", code, stderr)
	}
	var doc struct {
		Findings []struct {
			Path        string
			Commit      struct{ Hash string }
			Removed     *struct{ Hash, Author string }
			Present     *bool
			Occurrences []struct {
				Commit struct{ Hash string }
				Line   int
			}
			Refs []string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 2 {
		t.Fatalf("%d findings, want 2 (one per leak):\n%s", len(doc.Findings), stdout)
	}
	deleted, present := doc.Findings[0], doc.Findings[1]
	if deleted.Path != "deploy.sh" || deleted.Commit.Hash != added || deleted.Removed == nil || deleted.Removed.Hash != removed ||
		deleted.Present == nil || *deleted.Present || len(deleted.Occurrences) != 4 || deleted.Occurrences[0].Commit.Hash != added {
		t.Errorf("the deleted key: %+v; want deploy.sh introduced in %s, removed in %s, not present, in 4 versions", deleted, added, removed)
	}
	if present.Path != "ops/.env" || present.Commit.Hash != addedKept || present.Removed != nil ||
		present.Present == nil || !*present.Present || len(present.Occurrences) != 1 {
		t.Errorf("the present key: %+v; want ops/.env introduced in %s, present, in 1 version", present, addedKept)
	}
	for _, f := range doc.Findings {
		if strings.Join(f.Refs, " ") != "refs/heads/main" && strings.Join(f.Refs, " ") != "refs/heads/master" {
			t.Errorf("%s: refs %q, want the one branch", f.Path, f.Refs)
		}
	}
	if strings.Contains(stdout, gone) || strings.Contains(stdout, kept) {
		t.Errorf("the JSON report holds a key in full")
	}
	if !strings.Contains(stderr, "2 distinct keys leaked in 2 places; 1 still in HEAD") {
		t.Errorf("summary does not group by key:\n%s", stderr)
	}

	// Text: one line each, and the story under it.
	_, text, _ := runCLI(t, "history")
	for _, want := range []string{
		"deploy.sh:3:21: error:",
		"\tintroduced in commit " + added[:12] + " by Alice Leaker on 2023-02-01T00:00:00+00:00; removed in commit " + removed[:12] + " on 2023-03-01T00:00:00+00:00 (still in the history); 4 versions, reachable from refs/heads/",
		"ops/.env:1:14: error:",
		"\tintroduced in commit " + addedKept[:12] + " by Carol on 2023-04-01T00:00:00+00:00; still in HEAD; 1 version, reachable from refs/heads/",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, ": error: "); n != 2 {
		t.Errorf("text output has %d findings, want 2:\n%s", n, text)
	}

	// SARIF and GitHub annotations carry the story too.
	_, sarif, _ := runCLI(t, "history", "--format", "sarif")
	for _, want := range []string{`"present": false`, `"present": true`, `"removed": {`, `"occurrences": [`, `"refs": [`} {
		if !strings.Contains(sarif, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	if n := strings.Count(sarif, `"ruleId"`); n != 2 {
		t.Errorf("SARIF has %d results, want 2", n)
	}
	_, gh, _ := runCLI(t, "history", "--format", "github")
	if n := strings.Count(gh, "::error "); n != 2 || !strings.Contains(gh, "removed in commit "+removed[:12]) || !strings.Contains(gh, "still in HEAD") {
		t.Errorf("GitHub annotations: %d, want 2 with the story:\n%s", n, gh)
	}

	// --all-occurrences: today's rows, one per version of the file.
	_, rows, _ := runCLI(t, "history", "--all-occurrences")
	if n := strings.Count(rows, ": error: "); n != 5 {
		t.Errorf("--all-occurrences: %d rows, want 5 (4 versions of deploy.sh, 1 of ops/.env):\n%s", n, rows)
	}
}

// TestHistoryShallowClone: a depth-1 clone (actions/checkout's default)
// lacks the commit of a key deleted two commits ago; that is no
// all-clear: exit 2 with what to do, unless --allow-shallow, which scans
// what is there and says the history is partial.
func TestHistoryShallowClone(t *testing.T) {
	r, _, _, _, _, _ := leakRepo(t)
	clone := filepath.Join(t.TempDir(), "shallow")
	if _, err := gittest.RunIn(r.Dir, nil, "git", "clone", "-q", "--depth", "1", "file://"+r.Dir, clone); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "history", "-C", clone)
	if code != exitError || !strings.Contains(stderr, "is a shallow clone") || !strings.Contains(stderr, "fetch-depth: 0") ||
		strings.Contains(stderr, "interrupted") {
		t.Errorf("shallow clone: exit %d, want %d with the fix:\n%s", code, exitError, stderr)
	}
	code, stdout, stderr := runCLI(t, "history", "-C", clone, "--allow-shallow")
	if code != exitFindings || !strings.Contains(stderr, "partial: shallow clone") || strings.Count(stdout, ": error: ") != 1 {
		t.Errorf("--allow-shallow: exit %d, want %d (the key still in HEAD) and a partial summary:\n%s\n%s", code, exitFindings, stdout, stderr)
	}
}

// TestHistoryHiddenPlaces: keys that git log --all alone never shows are
// found: in a stash other than the newest, in a blob only a tag points to,
// in a tree only an annotated tag points to, and in a note.
func TestHistoryHiddenPlaces(t *testing.T) {
	gittest.Sandbox(t)
	r := gittest.New(t)
	r.Write("app.env", "MODE=dev\n")
	r.Add()
	r.Commit("init")
	keys := map[string]string{"stash": gittest.Key(t), "blob tag": gittest.Key(t), "tree tag": gittest.Key(t), "note": gittest.Key(t)}
	r.Write("app.env", "CUDO_API_KEY="+keys["stash"]+"\n")
	r.Git("stash", "-q")
	for i := range 2 {
		r.Write("app.env", fmt.Sprintf("MODE=try%d\n", i))
		r.Git("stash", "-q") // the key's stash is now stash@{2}
	}
	r.Write("blob.env", "CUDO_API_KEY="+keys["blob tag"]+"\n")
	blob := strings.TrimSpace(r.Git("hash-object", "-w", "blob.env"))
	r.Remove("blob.env")
	r.Git("tag", "leaked-blob", blob)
	r.Write("tree/.env", "CUDO_API_KEY="+keys["tree tag"]+"\n")
	r.Git("add", "tree/.env")
	tree := strings.TrimSpace(r.Git("write-tree", "--prefix=tree/"))
	r.Git("rm", "-q", "--cached", "tree/.env")
	r.Git("tag", "-a", "-m", "a tree", "leaked-tree", tree)
	r.Git("notes", "add", "-m", "CUDO_API_KEY="+keys["note"], "HEAD")
	if out := r.Git("stash", "list"); strings.Count(out, "\n") != 3 {
		t.Fatalf("want 3 stashes:\n%s", out)
	}

	code, stdout, stderr := runCLI(t, "history", "-C", r.Dir, "--format", "json")
	if code != exitFindings {
		t.Fatalf("history: exit %d\n%s", code, stderr)
	}
	for where, key := range keys {
		if !strings.Contains(stdout, key[:4]+"..."+key[60:]) {
			t.Errorf("the key in the %s is not found:\n%s", where, stdout)
		}
	}
	for _, ref := range []string{"refs/tags/leaked-blob", "refs/tags/leaked-tree", "refs/notes/commits", "stash@{2}"} {
		if !strings.Contains(stdout, `"`+ref+`"`) {
			t.Errorf("no finding is reachable from %s:\n%s", ref, stdout)
		}
	}
}

// TestBaselineHistory: a baseline of today's history lets CI adopt
// cudoscan history on a repository with old, revoked leaks, and still
// fail on a new one.
func TestBaselineHistory(t *testing.T) {
	r, _, _, _, _, _ := leakRepo(t)
	t.Chdir(r.Dir)
	if code, _, stderr := runCLI(t, "baseline", "--history", "--output", ".cudoscan-history.jsonl"); code != exitClean ||
		!strings.Contains(stderr, "wrote 2 baseline entries") {
		t.Fatalf("baseline --history: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "history", "--baseline", ".cudoscan-history.jsonl"); code != exitClean {
		t.Errorf("history over its own baseline: exit %d, want %d\n%s%s", code, exitClean, stdout, stderr)
	}
	r.Write("new.env", "CUDO_API_KEY="+gittest.Key(t)+"\n")
	r.Add("new.env")
	r.Commit("a new leak")
	code, stdout, stderr := runCLI(t, "history", "--baseline", ".cudoscan-history.jsonl")
	if code != exitFindings || strings.Count(stdout, ": error: ") != 1 || !strings.HasPrefix(stdout, "new.env:1:14: ") {
		t.Errorf("a new leak past the baseline: exit %d, want %d and only new.env\n%s%s", code, exitFindings, stdout, stderr)
	}
}

// TestHistoryLeakReportSHA256: in a repository with SHA-256 object names,
// which the compact change log does not hold, removals are found by a
// second walk of the leaked paths, to the same report.
func TestHistoryLeakReportSHA256(t *testing.T) {
	gittest.Sandbox(t)
	dir := t.TempDir()
	if _, err := gittest.RunIn(dir, nil, "git", "init", "-q", "--object-format=sha256"); err != nil {
		t.Skipf("git cannot make a SHA-256 repository: %v", err)
	}
	r := &gittest.Repo{T: t, Dir: dir}
	r.Write("deploy.sh", "# CUDO deploy\nexport CUDO_API_KEY="+gittest.Key(t)+"\n")
	r.Add()
	added := r.Commit("add")
	r.Write("deploy.sh", "# CUDO deploy\nexport CUDO_API_KEY=\"$(cat key)\"\n")
	r.Add()
	removed := r.Commit("remove")
	_, stdout, stderr := runCLI(t, "history", "-C", dir)
	want := "introduced in commit " + added[:12]
	if !strings.Contains(stdout, want) || !strings.Contains(stdout, "removed in commit "+removed[:12]) {
		t.Errorf("SHA-256 history: want %q and the removal %s:\n%s%s", want, removed[:12], stdout, stderr)
	}
}

package gitscan_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

var (
	zero40 = strings.Repeat("0", 40)
	zero64 = strings.Repeat("0", 64)
)

// pushRepo is a repository whose main was pushed to origin at pushed
// (refs/remotes/origin/main), then got local on top of it; upstream, another
// remote, has a commit of its own that origin does not.
type pushRepo struct {
	*gittest.Repo
	pushed, local, upstream string
}

func newPushRepo(t *testing.T, initArgs ...string) *pushRepo {
	t.Helper()
	r := &gittest.Repo{T: t, Dir: t.TempDir()}
	r.Git(append([]string{"init", "-q"}, initArgs...)...)
	r.Write("README.md", "v1\n")
	r.Add()
	p := &pushRepo{Repo: r, pushed: r.Commit("pushed")}
	r.Git("update-ref", "refs/remotes/origin/main", p.pushed)
	r.Git("checkout", "-q", "-b", "up")
	r.Write("up.txt", "upstream\n")
	r.Add()
	p.upstream = r.Commit("upstream")
	r.Git("update-ref", "refs/remotes/upstream/main", p.upstream)
	r.Git("checkout", "-q", "main")
	r.Git("branch", "-q", "-D", "up")
	r.Write("README.md", "v2\n")
	r.Add()
	p.local = r.Commit("local")
	return p
}

func planOf(t *testing.T, dir, remote, lines string) *gitscan.PushPlan {
	t.Helper()
	plan, err := open(t, dir).PushRevs(context.Background(), remote, strings.NewReader(lines))
	if err != nil {
		t.Fatalf("PushRevs(%q):\n%s: %v", remote, lines, err)
	}
	return plan
}

// walked returns the commits git log walks for revs: what a history scan
// of the plan reads.
func walked(r *gittest.Repo, revs []string) []string {
	r.T.Helper()
	if len(revs) == 0 {
		return nil
	}
	out := r.Git(append(append([]string{"rev-list", "--end-of-options"}, revs...), "--")...)
	list := strings.Fields(out)
	slices.Sort(list)
	return list
}

func sorted(s ...string) []string {
	slices.Sort(s)
	return s
}

func checkPlan(t *testing.T, p *pushRepo, plan *gitscan.PushPlan, revs, commits []string) {
	t.Helper()
	if !slices.Equal(plan.Revs, revs) {
		t.Errorf("revs = %v, want %v", plan.Revs, revs)
	}
	if got := walked(p.Repo, plan.Revs); !slices.Equal(got, commits) {
		t.Errorf("commits walked = %v, want %v", got, commits)
	}
	for _, rev := range plan.Revs {
		if strings.HasPrefix(rev, "-") {
			t.Errorf("revision %q starts with -", rev)
		}
	}
}

func TestPushNewBranch(t *testing.T) {
	p := newPushRepo(t)
	line := fmt.Sprintf("refs/heads/main %s refs/heads/feature %s\n", p.local, zero40)

	// Only what origin lacks: upstream's refs say nothing of origin.
	plan := planOf(t, p.Dir, "origin", line)
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	if plan.Updates != 1 || plan.Deletions != 0 {
		t.Errorf("updates %d, deletions %d; want 1, 0", plan.Updates, plan.Deletions)
	}

	// A remote with no remote-tracking refs (or a URL): every commit.
	for _, remote := range []string{"elsewhere", "", "/srv/git/repo.git"} {
		checkPlan(t, p, planOf(t, p.Dir, remote, line), []string{p.local}, sorted(p.local, p.pushed))
	}

	// A new ref for a commit origin has: nothing to scan.
	plan = planOf(t, p.Dir, "origin", fmt.Sprintf("refs/heads/main %s refs/heads/old %s\n", p.pushed, zero40))
	checkPlan(t, p, plan, nil, nil)
	if plan.Updates != 1 {
		t.Errorf("updates = %d, want 1", plan.Updates)
	}
}

func TestPushUpdate(t *testing.T) {
	p := newPushRepo(t)
	// The remote's old value excludes what it has, whatever the
	// remote-tracking refs say.
	for _, remote := range []string{"origin", "elsewhere"} {
		plan := planOf(t, p.Dir, remote, fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", p.local, p.pushed))
		checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	}
	// A local ref typed with spaces (HEAD@{1 minute ago}:main) still parses.
	plan := planOf(t, p.Dir, "origin", fmt.Sprintf("HEAD@{1 minute ago} %s refs/heads/main %s\n", p.local, p.pushed))
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	// Pushing what the remote has already: nothing.
	plan = planOf(t, p.Dir, "origin", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", p.pushed, p.pushed))
	checkPlan(t, p, plan, nil, nil)
}

// A force push over a remote value never fetched: the old value is not
// here to exclude, so the new-branch rule applies.
func TestPushRemoteValueUnknownHere(t *testing.T) {
	p := newPushRepo(t)
	unknown := strings.Repeat("5e", 20)
	if _, err := p.TryGit(nil, "cat-file", "-e", unknown); err == nil {
		t.Fatal("the made-up object exists")
	}
	plan := planOf(t, p.Dir, "origin", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", p.local, unknown))
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	plan = planOf(t, p.Dir, "nowhere", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", p.local, unknown))
	checkPlan(t, p, plan, []string{p.local}, sorted(p.local, p.pushed))

	// An old value that is here but is no commit (a blob) is no base
	// either.
	blob := strings.TrimSpace(p.Git("rev-parse", "HEAD:README.md"))
	plan = planOf(t, p.Dir, "origin", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", p.local, blob))
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
}

func TestPushDeletions(t *testing.T) {
	p := newPushRepo(t)
	lines := fmt.Sprintf("(delete) %s refs/heads/gone %s\n(delete) %s refs/heads/also %s\n", zero40, p.pushed, zero40, p.local)
	plan := planOf(t, p.Dir, "origin", lines)
	checkPlan(t, p, plan, nil, nil)
	if plan.Updates != 2 || plan.Deletions != 2 {
		t.Errorf("updates %d, deletions %d; want 2, 2", plan.Updates, plan.Deletions)
	}
	// A deletion next to an update: the update is scanned.
	lines += fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", p.local, p.pushed)
	plan = planOf(t, p.Dir, "origin", lines)
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	if plan.Updates != 3 || plan.Deletions != 2 {
		t.Errorf("updates %d, deletions %d; want 3, 2", plan.Updates, plan.Deletions)
	}
}

// Several refs are walked as one: each one's exclusions are commits the
// remote has.
func TestPushSeveralRefs(t *testing.T) {
	p := newPushRepo(t)
	p.Git("checkout", "-q", "-b", "feature", p.pushed)
	p.Write("feature.txt", "feature\n")
	p.Add()
	feature := p.Commit("feature")
	lines := fmt.Sprintf("refs/heads/main %s refs/heads/main %s\nrefs/heads/feature %s refs/heads/feature %s\nrefs/heads/main %s refs/heads/copy %s\n",
		p.local, p.pushed, feature, zero40, p.local, zero40)
	plan := planOf(t, p.Dir, "origin", lines)
	checkPlan(t, p, plan, []string{p.local, feature, "^" + p.pushed}, sorted(p.local, feature))
}

func TestPushEmptyInput(t *testing.T) {
	p := newPushRepo(t)
	for _, in := range []string{"", "\n\n"} {
		plan := planOf(t, p.Dir, "origin", in)
		if plan.Updates != 0 || plan.Revs != nil {
			t.Errorf("%q: %+v, want nothing", in, plan)
		}
	}
}

// A tag of a blob brings no history: it is listed, not walked.
func TestPushTagOfBlob(t *testing.T) {
	p := newPushRepo(t)
	blob := strings.TrimSpace(p.Git("rev-parse", "HEAD:README.md"))
	p.Git("tag", "-a", "-m", "a blob", "blobtag", blob)
	tag := strings.TrimSpace(p.Git("rev-parse", "blobtag"))
	plan := planOf(t, p.Dir, "origin", fmt.Sprintf("refs/tags/blobtag %s refs/tags/blobtag %s\n", tag, zero40))
	checkPlan(t, p, plan, nil, nil)
	if !slices.Equal(plan.NotCommits, []string{"refs/tags/blobtag"}) {
		t.Errorf("not commits = %v", plan.NotCommits)
	}
	// An annotated tag of a commit is walked as its commit.
	p.Git("tag", "-a", "-m", "v1", "v1", p.local)
	tag = strings.TrimSpace(p.Git("rev-parse", "v1"))
	plan = planOf(t, p.Dir, "origin", fmt.Sprintf("refs/tags/v1 %s refs/tags/v1 %s\n", tag, zero40))
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
}

func TestPushLocalObjectMissing(t *testing.T) {
	p := newPushRepo(t)
	unknown := strings.Repeat("5e", 20)
	_, err := open(t, p.Dir).PushRevs(context.Background(), "origin", strings.NewReader(fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", unknown, p.pushed)))
	if err == nil || !strings.Contains(err.Error(), "refs/heads/main") || !strings.Contains(err.Error(), "no such object") {
		t.Errorf("err = %v, want no such object naming refs/heads/main", err)
	}
}

// SHA-256 repositories: 64-digit names, and 64 zeros for none.
func TestPushSHA256(t *testing.T) {
	p := newPushRepo(t, "--object-format=sha256")
	if len(p.local) != 64 {
		t.Fatalf("commit name %d digits long: not a SHA-256 repository", len(p.local))
	}
	plan := planOf(t, p.Dir, "origin", fmt.Sprintf("refs/heads/main %s refs/heads/feature %s\n", p.local, zero64))
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	plan = planOf(t, p.Dir, "origin", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", p.local, p.pushed))
	checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	plan = planOf(t, p.Dir, "origin", fmt.Sprintf("(delete) %s refs/heads/main %s\n", zero64, p.pushed))
	checkPlan(t, p, plan, nil, nil)
	if plan.Deletions != 1 {
		t.Errorf("deletions = %d, want 1", plan.Deletions)
	}
}

// Revisions rather than object names, as the pre-commit framework's
// PRE_COMMIT_TO_REF and PRE_COMMIT_FROM_REF may be: resolved to commits.
func TestPlanPushRevisions(t *testing.T) {
	p := newPushRepo(t)
	repo := open(t, p.Dir)
	ctx := context.Background()
	for _, u := range []gitscan.PushUpdate{
		{LocalRef: "main", Local: "main", Remote: "origin/main"},
		{LocalRef: "main", Local: "main", Remote: ""},
	} {
		plan, err := repo.PlanPush(ctx, "origin", []gitscan.PushUpdate{u})
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, p, plan, []string{p.local, "^" + p.pushed}, []string{p.local})
	}
	for _, bad := range []string{"no-such-branch", "main\nHEAD"} {
		if _, err := repo.PlanPush(ctx, "origin", []gitscan.PushUpdate{{LocalRef: bad, Local: bad}}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestParsePushLines(t *testing.T) {
	a, b := strings.Repeat("a1", 20), strings.Repeat("b2", 20)
	long := strings.Repeat("c3", 32)
	got, err := gitscan.ParsePushLines(strings.NewReader(fmt.Sprintf(
		"refs/heads/main %s refs/heads/main %s\n\n(delete) %s refs/heads/x %s\nHEAD@{1 day ago} %s refs/heads/y %s\nrefs/heads/z %s refs/heads/z %s",
		a, b, zero40, b, a, zero40, long, zero64)))
	if err != nil {
		t.Fatal(err)
	}
	want := []gitscan.PushUpdate{
		{LocalRef: "refs/heads/main", Local: a, RemoteRef: "refs/heads/main", Remote: b},
		{LocalRef: "(delete)", Local: zero40, RemoteRef: "refs/heads/x", Remote: b},
		{LocalRef: "HEAD@{1 day ago}", Local: a, RemoteRef: "refs/heads/y", Remote: zero40},
		{LocalRef: "refs/heads/z", Local: long, RemoteRef: "refs/heads/z", Remote: zero64},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("parsed\n%+v\nwant\n%+v", got, want)
	}
	kinds := func(u gitscan.PushUpdate) string { return fmt.Sprint(u.Deletes(), u.Creates()) }
	for i, k := range []string{"false false", "true false", "false true", "false true"} {
		if kinds(got[i]) != k {
			t.Errorf("line %d: deletes, creates = %s, want %s", i+1, kinds(got[i]), k)
		}
	}

	for _, bad := range []string{
		fmt.Sprintf("refs/heads/main %s refs/heads/main", a), // three fields
		fmt.Sprintf("refs/heads/main %s %s", a, b),           // two
		fmt.Sprintf("refs/heads/main %s refs/heads/main %s", a[:39], b),
		fmt.Sprintf("refs/heads/main %s refs/heads/main %s", strings.ToUpper(a), b),
		fmt.Sprintf("refs/heads/main %s refs/heads/main %s", a, long), // lengths differ
		fmt.Sprintf(" %s refs/heads/main %s", a, b),                   // no local ref
		fmt.Sprintf("refs/heads/main %s  %s", a, b),                   // no remote ref
		fmt.Sprintf("refs/heads/main %s refs/heads/main %s ", a, b),   // trailing space
	} {
		in := fmt.Sprintf("refs/heads/ok %s refs/heads/ok %s\n%s\n", a, b, bad)
		_, err := gitscan.ParsePushLines(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) {
			t.Errorf("%q: err = %v, want one naming line 2 and quoting it", bad, err)
		}
	}
}

func TestInstallPrePushHook(t *testing.T) {
	ctx := context.Background()
	r := gittest.New(t)
	repo := open(t, r.Dir)
	commitHook, _, err := repo.InstallHook(ctx, gitscan.PreCommit, "/bin/cudoscan", false)
	if err != nil {
		t.Fatal(err)
	}
	path, replaced, err := repo.InstallHook(ctx, gitscan.PrePush, "/opt/cudo scan's/cudoscan", false)
	if err != nil || replaced {
		t.Fatalf("InstallHook: %v, replaced %v", err, replaced)
	}
	if want := filepath.Join(r.Dir, ".git", "hooks", "pre-push"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	hook := readHook(t, path)
	if !strings.Contains(hook, gitscan.HookMarker) || !strings.Contains(hook, `'/opt/cudo scan'\''s/cudoscan'`) || !strings.Contains(hook, `exec "$cudoscan" pre-push "$@"`) {
		t.Errorf("hook script:\n%s", hook)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("hook not executable: %v %v", fi.Mode(), err)
	}
	// Each kind is removed on its own.
	if _, removed, err := repo.UninstallHook(ctx, gitscan.PrePush); err != nil || !removed {
		t.Fatalf("UninstallHook: removed %v, %v", removed, err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pre-push hook still there: %v", err)
	}
	if !strings.Contains(readHook(t, commitHook), `exec "$cudoscan" staged`) {
		t.Error("removing the pre-push hook touched the pre-commit hook")
	}

	// A foreign pre-push hook is left alone, and called a pre-push hook.
	const theirs = "#!/bin/sh\necho someone else's hook\n"
	if err := os.WriteFile(path, []byte(theirs), 0o755); err != nil {
		t.Fatal(err)
	}
	_, _, err = repo.InstallHook(ctx, gitscan.PrePush, "/bin/cudoscan", false)
	if !errors.Is(err, gitscan.ErrForeignHook) || !strings.Contains(err.Error(), "a pre-push hook that cudoscan did not write") {
		t.Errorf("install over a foreign hook: err = %v, want ErrForeignHook about a pre-push hook", err)
	}
	if _, _, err := repo.UninstallHook(ctx, gitscan.PrePush); !errors.Is(err, gitscan.ErrForeignHook) {
		t.Errorf("uninstall of a foreign hook: err = %v, want ErrForeignHook", err)
	}
	if readHook(t, path) != theirs {
		t.Fatal("the foreign hook was changed")
	}
	if _, replaced, err := repo.InstallHook(ctx, gitscan.PrePush, "/bin/cudoscan", true); err != nil || !replaced {
		t.Errorf("--force: replaced %v, %v", replaced, err)
	}

	// A bare repository is pushed from, so it takes a pre-push hook.
	bare := t.TempDir()
	if _, err := gittest.RunIn(bare, nil, "git", "init", "-q", "--bare"); err != nil {
		t.Fatal(err)
	}
	path, _, err = open(t, bare).InstallHook(ctx, gitscan.PrePush, "/bin/cudoscan", false)
	if err != nil || path != filepath.Join(bare, "hooks", "pre-push") {
		t.Errorf("bare: %s, %v", path, err)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// preCommitVars are the variables the pre-commit framework describes a
// push with. They are cleared for the tests of the native hook: a test run
// from a pre-commit pre-push hook would inherit them.
var preCommitVars = []string{
	"PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "PRE_COMMIT_LOCAL_BRANCH",
	"PRE_COMMIT_REMOTE_BRANCH", "PRE_COMMIT_REMOTE_NAME", "PRE_COMMIT_REMOTE_URL",
}

// prePushCLI runs cudoscan pre-push in process with the given stdin and
// environment (nothing else is set: no PRE_COMMIT_* from outside).
func prePushCLI(t *testing.T, vars map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code = runPrePush(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// gitCombined runs git in dir and returns what it printed on stdout and
// stderr, in order: a hook's output goes to git's stderr.
func gitCombined(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// pushLeakRepo has main at clean, pushed to origin (refs/remotes/origin/main),
// then leak on top: a commit adding deploy.sh with key.
func pushLeakRepo(t *testing.T) (r *gittest.Repo, clean, leak, key string) {
	t.Helper()
	gittest.Sandbox(t)
	r = gittest.New(t)
	r.Write("README.md", "hello\n")
	r.Add()
	clean = r.Commit("clean")
	r.Git("update-ref", "refs/remotes/origin/main", clean)
	key = gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Add()
	leak = r.Commit("leak")
	return r, clean, leak, key
}

func zeroID(commit string) string { return strings.Repeat("0", len(commit)) }

func TestPrePushScansOnlyWhatIsSent(t *testing.T) {
	r, clean, leak, key := pushLeakRepo(t)
	where := fmt.Sprintf("deploy.sh:%d:%d: error: hard-coded CUDO API key", gittest.KeyLine, gittest.KeyColumn)

	// An update sending the leak: found, history's exit code.
	code, stdout, stderr := prePushCLI(t, nil, fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", leak, clean), "-C", r.Dir, "origin", "/srv/origin.git")
	if code != exitFindings || !strings.Contains(stdout, where) || !strings.Contains(stderr, "from 1 commit") {
		t.Errorf("update sending the leak: exit %d, want %d and %q, from 1 commit\nstdout:\n%s\nstderr:\n%s", code, exitFindings, where, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, key) {
		t.Error("the key was printed in clear")
	}

	// A clean commit on top of the leak, once the leak is on the remote:
	// only the clean commit is sent, and scanned.
	r.Git("update-ref", "refs/remotes/origin/main", leak)
	r.Write("README.md", "hello again\n")
	r.Add()
	fix := r.Commit("clean on top")
	code, stdout, stderr = prePushCLI(t, nil, fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", fix, leak), "-C", r.Dir, "origin", "/srv/origin.git")
	if code != exitClean || stdout != "" || !strings.Contains(stderr, "from 1 commit") {
		t.Errorf("clean update over a pushed leak: exit %d, want 0, 1 commit scanned\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// Flags before REMOTE go on to history: here --format json.
func TestPrePushHistoryFlags(t *testing.T) {
	r, clean, leak, _ := pushLeakRepo(t)
	line := fmt.Sprintf("refs/heads/main %s refs/heads/topic %s\n", leak, zeroID(clean))
	code, stdout, stderr := prePushCLI(t, nil, line, "--format", "json", "-C", r.Dir, "origin", "/srv/origin.git")
	var doc struct {
		Mode     string `json:"mode"`
		Findings []struct {
			Rule string `json:"rule"`
			Path string `json:"path"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("exit %d, stdout is no JSON (%v):\n%s\nstderr:\n%s", code, err, stdout, stderr)
	}
	if code != exitFindings || doc.Mode != "history" || len(doc.Findings) != 1 || doc.Findings[0].Path != "deploy.sh" || doc.Findings[0].Rule != "cudo-api-key" {
		t.Errorf("exit %d, %+v; want exit 1 and one cudo-api-key finding in deploy.sh\nstderr:\n%s", code, doc, stderr)
	}
}

func TestPrePushNothingToScan(t *testing.T) {
	r, clean, leak, _ := pushLeakRepo(t)
	z := zeroID(clean)
	for _, tc := range []struct {
		name, stdin, remote, want string
	}{
		{"no lines", "", "origin", "nothing to scan: no ref lines on stdin (git gives a pre-push hook one per ref it pushes)"},
		{"deletions", fmt.Sprintf("(delete) %s refs/heads/a %s\n(delete) %s refs/heads/b %s\n", z, clean, z, leak), "origin", "nothing to scan: the push only deletes (2 refs)"},
		{"a new ref for a pushed commit", fmt.Sprintf("refs/heads/main %s refs/heads/copy %s\n", clean, z), "origin", "nothing to scan: the push sends no commit that origin lacks"},
		{"an update to what the remote has", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", leak, leak), "origin", "nothing to scan: the push sends no commit that origin lacks"},
		// git gives the URL for a remote with no name: a URL may hold a
		// password, and is not repeated.
		{"a remote URL", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", leak, leak), "https://user:secret@git.example.com/repo.git", "nothing to scan: the push sends no commit that the remote lacks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := prePushCLI(t, nil, tc.stdin, "-C", r.Dir, tc.remote, "/srv/origin.git")
			if code != exitClean || stdout != "" || strings.TrimSpace(stderr) != tc.want {
				t.Errorf("exit %d, want 0 and the one line %q on stderr\nstdout:\n%s\nstderr:\n%s", code, tc.want, stdout, stderr)
			}
		})
	}
}

func TestPrePushUsageErrors(t *testing.T) {
	r, clean, leak, _ := pushLeakRepo(t)
	line := fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", leak, clean)
	bad := fmt.Sprintf("refs/heads/main %s refs/heads/main\n", leak)
	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"malformed line", line + bad, []string{"origin", "url"}, "pre-push ref line 2"},
		{"too many arguments", line, []string{"origin", "url", "extra"}, "at most REMOTE and URL"},
		{"not a repository", line, []string{"-C", t.TempDir(), "origin", "url"}, "not a git repository"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"-C", r.Dir}, tc.args...)
			code, _, stderr := prePushCLI(t, nil, tc.stdin, args...)
			if code != exitError || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want 2 and %q in:\n%s", code, tc.want, stderr)
			}
		})
	}
	if code, _, stderr := prePushCLI(t, nil, "", "-h"); code != exitClean || !strings.Contains(stderr, "Usage: cudoscan pre-push") || !strings.Contains(stderr, "-format") {
		t.Errorf("-h: exit %d:\n%s", code, stderr)
	}
}

// Under the pre-commit framework the push is described in the
// environment, and stdin holds nothing of it.
func TestPrePushPreCommitEnvironment(t *testing.T) {
	r, clean, leak, _ := pushLeakRepo(t)
	where := fmt.Sprintf("deploy.sh:%d:%d: error: hard-coded CUDO API key", gittest.KeyLine, gittest.KeyColumn)
	for _, tc := range []struct {
		name string
		vars map[string]string
		code int
	}{
		{"from and to", map[string]string{"PRE_COMMIT_FROM_REF": clean, "PRE_COMMIT_TO_REF": leak, "PRE_COMMIT_REMOTE_NAME": "origin"}, exitFindings},
		{"from and to, nothing new", map[string]string{"PRE_COMMIT_FROM_REF": leak, "PRE_COMMIT_TO_REF": leak}, exitClean},
		{"zero from: what origin lacks", map[string]string{"PRE_COMMIT_FROM_REF": zeroID(clean), "PRE_COMMIT_TO_REF": leak, "PRE_COMMIT_REMOTE_NAME": "origin"}, exitFindings},
		// pre-commit sets no refs when the branch's first new commit is a
		// root: the local branch, against the remote-tracking refs.
		{"local branch only", map[string]string{"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main", "PRE_COMMIT_REMOTE_BRANCH": "refs/heads/main", "PRE_COMMIT_REMOTE_NAME": "origin"}, exitFindings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// stdin is not read: this would be an error.
			code, stdout, stderr := prePushCLI(t, tc.vars, "not a ref line\n", "-C", r.Dir)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			if tc.code == exitFindings && (!strings.Contains(stdout, where) || !strings.Contains(stderr, "from 1 commit")) {
				t.Errorf("want %q, from 1 commit:\nstdout:\n%s\nstderr:\n%s", where, stdout, stderr)
			}
		})
	}
}

// The native hook, installed with the real binary, under a real git push
// to a bare repository.
func TestPrePushNativeHook(t *testing.T) {
	gittest.Sandbox(t)
	for _, k := range preCommitVars {
		t.Setenv(k, "")
	}
	// testscript.Main (TestMain) put this test binary on PATH as
	// "cudoscan", running main: the hook runs it as it would the real one.
	bin, err := exec.LookPath("cudoscan")
	if err != nil {
		t.Fatalf("no cudoscan on PATH: %v", err)
	}
	remote := t.TempDir()
	if _, err := gittest.RunIn(remote, nil, "git", "init", "-q", "--bare"); err != nil {
		t.Fatal(err)
	}
	r := gittest.New(t)
	r.Git("remote", "add", "origin", remote)
	if _, err := gittest.RunIn(r.Dir, nil, bin, "install-hook", "--pre-push"); err != nil {
		t.Fatal(err)
	}
	hook, err := os.ReadFile(filepath.Join(r.Dir, ".git", "hooks", "pre-push"))
	if err != nil || !strings.Contains(string(hook), `pre-push "$@"`) {
		t.Fatalf("hook: %v\n%s", err, hook)
	}
	push := func(args ...string) (string, error) { return gitCombined(r.Dir, append([]string{"push"}, args...)...) }
	onRemote := func(ref string) string {
		out, _ := gittest.RunIn(remote, nil, "git", "rev-parse", "--verify", "--quiet", ref)
		return strings.TrimSpace(out)
	}
	where := fmt.Sprintf("deploy.sh:%d:%d: error: hard-coded CUDO API key", gittest.KeyLine, gittest.KeyColumn)

	r.Write("README.md", "hello\n")
	r.Add()
	clean := r.Commit("clean")
	t.Run("a new branch with a clean commit goes through", func(t *testing.T) {
		out, err := push("-u", "origin", "main")
		if err != nil || !strings.Contains(out, "from 1 commit") || onRemote("main") != clean {
			t.Fatalf("push: %v\n%s", err, out)
		}
	})

	key := gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Add()
	if _, err := r.TryGit(nil, "commit", "-q", "--no-verify", "-m", "leak"); err != nil {
		t.Fatal(err)
	}
	leak := r.Head()
	t.Run("a commit made with --no-verify is stopped at the push", func(t *testing.T) {
		out, err := push("origin", "main")
		if err == nil || !strings.Contains(out, where) || !strings.Contains(out, "failed to push") {
			t.Fatalf("push of a leak: err %v, want a refusal naming %q:\n%s", err, where, out)
		}
		if strings.Contains(out, key) {
			t.Error("the key was printed in clear")
		}
		if onRemote("main") != clean {
			t.Error("the remote got the leak")
		}
	})

	t.Run("a new branch scans only what the remote lacks", func(t *testing.T) {
		r.Git("branch", "topic", clean)
		out, err := push("origin", "topic")
		if err != nil || !strings.Contains(out, "nothing to scan: the push sends no commit that origin lacks") {
			t.Fatalf("push of a branch at a pushed commit: %v\n%s", err, out)
		}
	})

	t.Run("a deletion goes through, scanning nothing", func(t *testing.T) {
		out, err := push("origin", "--delete", "topic")
		if err != nil || !strings.Contains(out, "nothing to scan: the push only deletes (1 ref)") || onRemote("topic") != "" {
			t.Fatalf("push --delete: %v\n%s", err, out)
		}
	})

	t.Run("an update scans only the commits it sends", func(t *testing.T) {
		// The leak reaches the remote past the hook; a clean commit on
		// top of it is pushed with the hook, and goes through.
		if out, err := push("--no-verify", "origin", "main"); err != nil || onRemote("main") != leak {
			t.Fatalf("push --no-verify: %v\n%s", err, out)
		}
		r.Write("README.md", "hello again\n")
		r.Add()
		fix := r.Commit("clean on top")
		out, err := push("origin", "main")
		if err != nil || !strings.Contains(out, "from 1 commit") || strings.Contains(out, "deploy.sh") || onRemote("main") != fix {
			t.Fatalf("push of a clean commit over a pushed leak: %v\n%s", err, out)
		}
	})

	t.Run("uninstall removes it", func(t *testing.T) {
		if _, err := gittest.RunIn(r.Dir, nil, bin, "install-hook", "--pre-push", "--uninstall"); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Lstat(filepath.Join(r.Dir, ".git", "hooks", "pre-push")); !os.IsNotExist(err) {
			t.Errorf("hook still there: %v", err)
		}
	})
}

// The cudoscan-push hook of .pre-commit-hooks.yaml, driven by the real
// pre-commit framework.
func TestPrePushPreCommitFramework(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the hooks with go install through pre-commit")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	gittest.Sandbox(t)
	for _, k := range preCommitVars {
		t.Setenv(k, "")
	}
	hooks := hookRepo(t, "./cmd/cudoscan")
	remote := t.TempDir()
	if _, err := gittest.RunIn(remote, nil, "git", "init", "-q", "--bare"); err != nil {
		t.Fatal(err)
	}
	r := gittest.New(t)
	r.Git("remote", "add", "origin", remote)
	r.Write(".pre-commit-config.yaml", fmt.Sprintf("repos:\n- repo: %s\n  rev: %s\n  hooks:\n  - id: cudoscan-push\n", hooks.Dir, hooks.Head()))
	r.Write("README.md", "hello\n")
	r.Add()
	r.Commit("init")
	for _, args := range [][]string{{"install", "--hook-type", "pre-push"}, {"install-hooks"}} {
		if out, err := gittest.RunIn(r.Dir, nil, "pre-commit", args...); err != nil {
			t.Fatal(out, err)
		}
	}
	push := func(args ...string) (string, error) { return gitCombined(r.Dir, append([]string{"push"}, args...)...) }
	where := fmt.Sprintf("deploy.sh:%d:%d: error: hard-coded CUDO API key", gittest.KeyLine, gittest.KeyColumn)

	// The first push of a branch from its root commit: pre-commit passes
	// no refs, only the branch.
	if out, err := push("-u", "origin", "main"); err != nil || !strings.Contains(out, "cudoscan") {
		t.Fatalf("first push: %v\n%s", err, out)
	}
	r.Write("deploy.sh", gittest.KeyFile(gittest.Key(t)))
	r.Add()
	r.Commit("leak") // --no-verify
	out, err := push("origin", "main")
	if err == nil || !strings.Contains(out, where) {
		t.Fatalf("push of a leak: err %v, want a refusal naming %q:\n%s", err, where, out)
	}
	// A new branch off main holding the leak: stopped too.
	r.Git("checkout", "-q", "-b", "topic")
	out, err = push("origin", "topic")
	if err == nil || !strings.Contains(out, where) {
		t.Fatalf("push of a new branch holding a leak: err %v, want a refusal naming %q:\n%s", err, where, out)
	}
	r.Git("checkout", "-q", "main")
	// The leak pushed past the hook, then a clean commit: only that is
	// scanned.
	if out, err := push("--no-verify", "origin", "main"); err != nil {
		t.Fatalf("push --no-verify: %v\n%s", err, out)
	}
	r.Write("README.md", "hello again\n")
	r.Add()
	r.Commit("clean on top")
	if out, err := push("origin", "main"); err != nil {
		t.Fatalf("push of a clean commit over a pushed leak: %v\n%s", err, out)
	}
}

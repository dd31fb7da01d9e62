// Package gittest builds git repositories for tests, with the real git,
// in a sandbox: a private HOME and git config, no system config, and none
// of the GIT_* variables a surrounding hook may have set.
package gittest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// Key returns a fresh random 64-hex key (testkeys.New), for tests that
// build repositories.
func Key(t testing.TB) string {
	t.Helper()
	return testkeys.New(t)
}

// KeyFile is the content of a shell script holding key in CUDO context:
// a high-confidence finding at KeyLine, KeyColumn.
func KeyFile(key string) string {
	return "#!/bin/sh\nexport CUDO_API_KEY=\"" + key + "\"\n"
}

// KeyLine and KeyColumn are where KeyFile's finding is.
const (
	KeyLine   = 2
	KeyColumn = 22
)

// scrubbed are the variables that point git at another repository or
// index; a test run from inside a git hook inherits them.
var scrubbed = []string{
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
	"GIT_PREFIX", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
	"GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
	"GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "PRE_COMMIT_HOME",
}

// Main sets up the sandbox for a whole test binary and runs its tests:
// call it from TestMain. Go's caches keep their real places, so builds
// stay warm.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	home, err := os.MkdirTemp("", "gittest-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(home)
	for k, v := range sandboxEnv(home) {
		if v == "" {
			os.Unsetenv(k)
		} else {
			os.Setenv(k, v)
		}
	}
	if err := writeConfig(home); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return m.Run()
}

// Sandbox sets up the sandbox for one test, in a package whose TestMain
// is not Main; the environment is restored when the test ends. The test
// must not be parallel.
func Sandbox(t testing.TB) {
	t.Helper()
	home := t.TempDir()
	for k, v := range sandboxEnv(home) {
		old, had := os.LookupEnv(k)
		t.Cleanup(func() {
			if had {
				os.Setenv(k, old)
			} else {
				os.Unsetenv(k)
			}
		})
		if v == "" {
			os.Unsetenv(k)
		} else {
			os.Setenv(k, v)
		}
	}
	if err := writeConfig(home); err != nil {
		t.Fatal(err)
	}
}

// sandboxEnv returns the variables to set ("" to unset) for a sandbox
// whose HOME is home.
func sandboxEnv(home string) map[string]string {
	env := map[string]string{}
	if out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output(); err == nil {
		if f := strings.Split(strings.TrimSpace(string(out)), "\n"); len(f) == 3 {
			env["GOCACHE"], env["GOMODCACHE"], env["GOPATH"] = f[0], f[1], f[2]
		}
	}
	for _, k := range scrubbed {
		env[k] = ""
	}
	env["HOME"] = home
	env["XDG_CONFIG_HOME"] = filepath.Join(home, ".config")
	env["XDG_CACHE_HOME"] = filepath.Join(home, ".cache")
	env["GIT_CONFIG_NOSYSTEM"] = "1"
	env["GIT_CEILING_DIRECTORIES"] = filepath.Dir(home)
	return env
}

func writeConfig(home string) error {
	const cfg = `[user]
	name = Test Author
	email = author@example.com
[init]
	defaultBranch = main
[commit]
	gpgsign = false
[tag]
	gpgsign = false
[protocol "file"]
	allow = always
[advice]
	detachedHead = false
`
	return os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o644)
}

// Repo is a repository under test.
type Repo struct {
	T   testing.TB
	Dir string
}

// New makes an empty repository with a work tree.
func New(t testing.TB) *Repo {
	t.Helper()
	r := &Repo{T: t, Dir: t.TempDir()}
	r.Git("init", "-q")
	return r
}

// Git runs git in the repository and returns its stdout; it fails the
// test if git fails.
func (r *Repo) Git(args ...string) string {
	r.T.Helper()
	out, err := r.TryGit(nil, args...)
	if err != nil {
		r.T.Fatal(err)
	}
	return out
}

// TryGit runs git with extra environment and returns its stdout, or an
// error holding its stderr.
func (r *Repo) TryGit(env []string, args ...string) (string, error) {
	return RunIn(r.Dir, env, "git", args...)
}

// RunIn runs a command in dir with extra environment.
func RunIn(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), nil
}

// Write writes a file of the work tree, making its directory.
func (r *Repo) Write(path, content string) {
	r.T.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.T.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.T.Fatal(err)
	}
}

// Remove removes a file of the work tree.
func (r *Repo) Remove(path string) {
	r.T.Helper()
	if err := os.Remove(filepath.Join(r.Dir, filepath.FromSlash(path))); err != nil {
		r.T.Fatal(err)
	}
}

// Add stages paths (all changes with none).
func (r *Repo) Add(paths ...string) {
	r.T.Helper()
	if len(paths) == 0 {
		r.Git("add", "-A")
		return
	}
	r.Git(append([]string{"add", "--"}, paths...)...)
}

// Commit commits the index and returns the new commit's hash.
func (r *Repo) Commit(msg string) string {
	r.T.Helper()
	r.Git("commit", "-q", "--allow-empty", "--no-verify", "-m", msg)
	return r.Head()
}

// CommitAs commits the index with the given author and date (RFC 3339)
// and returns the new commit's hash.
func (r *Repo) CommitAs(msg, name, email, date string) string {
	r.T.Helper()
	env := []string{"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + email, "GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}
	if _, err := r.TryGit(env, "commit", "-q", "--allow-empty", "--no-verify", "-m", msg); err != nil {
		r.T.Fatal(err)
	}
	return r.Head()
}

// Head returns the hash of HEAD.
func (r *Repo) Head() string {
	r.T.Helper()
	return strings.TrimSpace(r.Git("rev-parse", "HEAD"))
}

// RunInWithStdin runs a command in dir with stdin.
func RunInWithStdin(dir string, stdin io.Reader, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

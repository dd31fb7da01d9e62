package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// repoState fingerprints everything a scan must leave alone: the index,
// HEAD, every ref (loose and packed), the config, the object store, and
// the work tree (content, mode and mtime of every file). The hooks
// directory is left out: install-hook writes there on purpose.
func repoState(t *testing.T, r *gittest.Repo) map[string]string {
	t.Helper()
	st := map[string]string{}
	hashFile := func(name, path string) {
		b, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		st[name] = hex.EncodeToString(sum[:])
	}
	gitDir := filepath.Join(r.Dir, ".git")
	hashFile("index", filepath.Join(gitDir, "index"))
	hashFile("HEAD", filepath.Join(gitDir, "HEAD"))
	hashFile("config", filepath.Join(gitDir, "config"))
	hashFile("packed-refs", filepath.Join(gitDir, "packed-refs"))
	st["for-each-ref"] = r.Git("for-each-ref", "--format=%(refname) %(objectname)")
	var objects, tree []string
	filepath.WalkDir(filepath.Join(gitDir, "objects"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			objects = append(objects, p)
		}
		return nil
	})
	filepath.WalkDir(r.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		b, _ := os.ReadFile(p)
		sum := sha256.Sum256(b)
		tree = append(tree, fmt.Sprintf("%s %v %d %x", p, fi.Mode(), fi.ModTime().UnixNano(), sum))
		return nil
	})
	sort.Strings(objects)
	sort.Strings(tree)
	st["objects"] = strings.Join(objects, "\n")
	st["work tree"] = strings.Join(tree, "\n")
	return st
}

func diffState(a, b map[string]string) []string {
	var changed []string
	for k := range a {
		if a[k] != b[k] {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	return changed
}

// runGitCLI runs cudoscan in-process and returns its exit code and output.
func runGitCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// No mode changes the repository: not the index (even one whose stat
// information is stale, which `git status` would refresh and rewrite),
// not the refs, the config, the objects or the work tree.
func TestGitModesChangeNothing(t *testing.T) {
	gittest.Sandbox(t)
	r := gittest.New(t)
	r.Write("README.md", "hello\n")
	r.Write("deploy.sh", gittest.KeyFile(gittest.Key(t)))
	r.Add()
	r.Commit("init")
	r.Git("checkout", "-q", "-b", "side")
	r.Write("side.txt", "side\n")
	r.Add()
	r.Commit("side")
	r.Git("checkout", "-q", "main")
	r.Git("tag", "-a", "-m", "v1", "v1")
	r.Git("pack-refs", "--all")
	r.Write("README.md", "stashed\n")
	r.Git("stash", "-q")
	r.Write("staged.sh", gittest.KeyFile(gittest.Key(t)))
	r.Add("staged.sh")
	r.Write("README.md", "unstaged edit\n")
	r.Write("untracked.txt", "untracked\n")
	// Make the index's stat information stale: a refresh would rewrite it.
	later := time.Now().Add(time.Hour)
	for _, f := range []string{"staged.sh", "deploy.sh"} {
		if err := os.Chtimes(filepath.Join(r.Dir, f), later, later); err != nil {
			t.Fatal(err)
		}
	}

	before := repoState(t, r)
	modes := [][]string{
		{"staged"},
		{"staged", "--all"},
		{"staged", "--format", "json"},
		{"history"},
		{"history", "--since", "main"},
		{"history", "main", "side"},
		{"install-hook"},
		{"install-hook", "--uninstall"},
	}
	for _, args := range modes {
		code, _, stderr := runGitCLI(append(args, "-C", r.Dir)...)
		if code == exitError {
			t.Errorf("cudoscan %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		if changed := diffState(before, repoState(t, r)); len(changed) > 0 {
			t.Fatalf("cudoscan %s changed the repository: %v", strings.Join(args, " "), changed)
		}
	}

	// The fingerprint does see what a careless tool does: git status,
	// without GIT_OPTIONAL_LOCKS=0, refreshes and rewrites the index.
	if _, err := r.TryGit(nil, "status", "--porcelain"); err != nil {
		t.Fatal(err)
	}
	if changed := diffState(before, repoState(t, r)); !strings.Contains(strings.Join(changed, ","), "index") {
		t.Errorf("git status left the fingerprint unchanged (%v): the test would miss an index write", changed)
	}
}

// The hook of .pre-commit-hooks.yaml, driven by the real pre-commit
// framework, against a clone of this checkout.
func TestPreCommitFramework(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the hooks with go install through pre-commit")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	gittest.Sandbox(t)
	hooks := hookRepo(t, "./cmd/cudoscan")
	r := gittest.New(t)
	r.Write(".pre-commit-config.yaml", fmt.Sprintf(`repos:
- repo: %s
  rev: %s
  hooks:
  - id: cudoscan
  - id: cudoscan-staged
`, hooks.Dir, hooks.Head()))
	r.Write("README.md", "hello\n")
	r.Add()
	r.Commit("init")
	precommit := func(args ...string) (string, error) {
		return gittest.RunIn(r.Dir, nil, "pre-commit", args...)
	}
	if out, err := precommit("install"); err != nil {
		t.Fatal(out, err)
	}
	if out, err := precommit("install-hooks"); err != nil {
		t.Fatal(out, err)
	}
	commit := func(msg string) (string, error) {
		out, err := r.TryGit(nil, "commit", "-m", msg)
		return out, err
	}

	t.Run("a commit adding a key is blocked, naming file and line", func(t *testing.T) {
		r.Write("deploy.sh", gittest.KeyFile(gittest.Key(t)))
		r.Add("deploy.sh")
		out, err := commit("leak")
		if err == nil {
			t.Fatalf("the commit went through:\n%s", out)
		}
		where := fmt.Sprintf("deploy.sh:%d:%d: error: hard-coded CUDO API key", gittest.KeyLine, gittest.KeyColumn)
		if strings.Count(err.Error(), where) != 2 {
			t.Errorf("want %q from both hooks in:\n%v", where, err)
		}
		r.Git("rm", "-q", "-f", "--cached", "deploy.sh")
		r.Remove("deploy.sh")
	})

	t.Run("a clean commit goes through", func(t *testing.T) {
		r.Write("app.sh", "#!/bin/sh\nexport CUDO_API_KEY=\"$(cat /run/secrets/cudo)\"\n")
		r.Add("app.sh")
		if out, err := commit("clean"); err != nil {
			t.Fatalf("clean commit blocked: %v\n%s", err, out)
		}
	})

	t.Run("an unstaged edit does not hide a staged key", func(t *testing.T) {
		r.Write("app.sh", gittest.KeyFile(gittest.Key(t)))
		r.Add("app.sh")
		r.Write("app.sh", "#!/bin/sh\necho the key is gone from the work tree\n")
		out, err := commit("leak behind an unstaged edit")
		if err == nil {
			t.Fatalf("the commit went through:\n%s", out)
		}
		where := fmt.Sprintf("app.sh:%d:%d: error: hard-coded CUDO API key", gittest.KeyLine, gittest.KeyColumn)
		if strings.Count(err.Error(), where) != 2 {
			t.Errorf("want %q from both hooks in:\n%v", where, err)
		}
		b, _ := os.ReadFile(filepath.Join(r.Dir, "app.sh"))
		if !strings.Contains(string(b), "gone from the work tree") {
			t.Error("the unstaged edit was lost")
		}
		r.Git("reset", "-q", "--hard")
	})

	t.Run("run --all-files finds a key committed earlier", func(t *testing.T) {
		key := gittest.Key(t)
		r.Write("old/config.sh", gittest.KeyFile(key))
		r.Add()
		r.Git("commit", "-q", "--no-verify", "-m", "slipped through")
		where := fmt.Sprintf("old/config.sh:%d:%d: error: hard-coded CUDO API key", gittest.KeyLine, gittest.KeyColumn)
		out, err := precommit("run", "cudoscan", "--all-files")
		if err == nil || !strings.Contains(out, where) {
			t.Errorf("pre-commit run cudoscan --all-files: err %v, want %q in:\n%s", err, where, out)
		}
		out, err = precommit("run", "cudoscan", "--files", "old/config.sh", "README.md")
		if err == nil || !strings.Contains(out, where) {
			t.Errorf("pre-commit run cudoscan --files: err %v, want %q in:\n%s", err, where, out)
		}
		// The staged hook scans staged changes only; with none it passes
		// and says so, rather than "no findings".
		out, err = precommit("run", "cudoscan-staged", "--all-files", "--verbose")
		if err != nil || !strings.Contains(out, "nothing staged: 0 staged files (0 bytes)") || strings.Contains(out, "no findings") {
			t.Errorf("pre-commit run cudoscan-staged with nothing staged: err %v:\n%s", err, out)
		}
	})
}

// TestPreCommitCudovet drives the cudovet hook over a small Go module.
func TestPreCommitCudovet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the hooks with go install through pre-commit")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	_, self, _, _ := runtime.Caller(0)
	if _, err := os.Stat(filepath.Join(filepath.Dir(self), "..", "cudovet")); err != nil {
		t.Skip("cmd/cudovet does not exist yet")
	}
	gittest.Sandbox(t)
	hooks := hookRepo(t, "./cmd/cudoscan", "./cmd/cudovet")
	r := gittest.New(t)
	r.Write(".pre-commit-config.yaml", fmt.Sprintf("repos:\n- repo: %s\n  rev: %s\n  hooks:\n  - id: cudovet\n", hooks.Dir, hooks.Head()))
	r.Write("go.mod", "module example.com/app\n\ngo 1.22\n")
	r.Write("main.go", "package main\n\nfunc main() { println(\"ok\") }\n")
	r.Add()
	r.Commit("init")
	if out, err := gittest.RunIn(r.Dir, nil, "pre-commit", "run", "cudovet", "--all-files"); err != nil {
		t.Fatalf("clean module: %v\n%s", err, out)
	}
	r.Write("main.go", fmt.Sprintf("package main\n\nconst cudoAPIKey = %q\n\nfunc main() { println(cudoAPIKey) }\n", gittest.Key(t)))
	r.Add()
	r.Commit("leak")
	out, err := gittest.RunIn(r.Dir, nil, "pre-commit", "run", "cudovet", "--all-files")
	if err == nil || !strings.Contains(out+err.Error(), "main.go:3:") {
		t.Errorf("cudovet hook over a leaked key: err %v, want main.go:3 in:\n%s", err, out)
	}
}

// hookRepo makes a git repository holding the packages that the given
// commands need from this checkout, with .pre-commit-hooks.yaml, go.mod and
// go.sum: what pre-commit clones and builds. Copying only those packages
// keeps work in progress elsewhere in the checkout out of the build.
func hookRepo(t *testing.T, cmds ...string) *gittest.Repo {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(self), "..", "..")
	out, err := gittest.RunIn(root, nil, "go", append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.Dir}}|{{join .EmbedFiles \",\"}}{{end}}"}, cmds...)...)
	if err != nil {
		t.Fatal(err)
	}
	r := &gittest.Repo{T: t, Dir: t.TempDir()}
	copyFile := func(rel string) {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		r.Write(filepath.ToSlash(rel), string(b))
	}
	for _, f := range []string{".pre-commit-hooks.yaml", "go.mod", "go.sum"} {
		copyFile(f)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		dir, embeds, _ := strings.Cut(line, "|")
		rel, err := filepath.Rel(root, dir)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue // a dependency from the module cache
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			name := e.Name()
			source := strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, ".s")
			if e.Type().IsRegular() && source {
				copyFile(filepath.Join(rel, name))
			}
		}
		for _, f := range strings.Split(embeds, ",") {
			if f != "" {
				copyFile(filepath.Join(rel, f))
			}
		}
	}
	r.Git("init", "-q")
	r.Add()
	r.Commit("hooks")
	return r
}

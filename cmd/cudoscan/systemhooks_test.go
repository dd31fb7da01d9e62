package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// TestPreCommitSystemHooks drives the language: system hooks through the
// real pre-commit framework with cudoscan and cudovet on PATH, as a user
// who installed the binaries has them: nothing is built at commit time.
func TestPreCommitSystemHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cudoscan and cudovet")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit)")
	}
	_, self, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(self), "..", "..")
	bin := t.TempDir()
	for _, cmd := range []string{"cudoscan", "cudovet"} {
		if out, err := gittest.RunIn(root, nil, "go", "build", "-o", filepath.Join(bin, cmd), "./cmd/"+cmd); err != nil {
			t.Fatal(out, err)
		}
	}
	gittest.Sandbox(t)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	hooks := hookRepo(t, "./cmd/cudoscan")
	r := gittest.New(t)
	r.Write(".pre-commit-config.yaml", fmt.Sprintf(`repos:
- repo: %s
  rev: %s
  hooks:
  - id: cudoscan-system
  - id: cudoscan-staged-system
  - id: cudovet-system
`, hooks.Dir, hooks.Head()))
	r.Write("go.mod", "module example.com/app\n\ngo 1.22\n")
	r.Write("main.go", "package main\n\nfunc main() { println(\"ok\") }\n")
	r.Add()
	r.Commit("init")
	if out, err := gittest.RunIn(r.Dir, nil, "pre-commit", "install"); err != nil {
		t.Fatal(out, err)
	}
	r.Write("app.sh", "#!/bin/sh\necho clean\n")
	r.Add("app.sh")
	if out, err := r.TryGit(nil, "commit", "-m", "clean"); err != nil {
		t.Fatalf("a clean commit was blocked: %v\n%s", err, out)
	}
	r.Write("main.go", fmt.Sprintf("package main\n\nconst cudoAPIKey = %q\n\nfunc main() { println(cudoAPIKey) }\n", gittest.Key(t)))
	r.Add("main.go")
	out, err := r.TryGit(nil, "commit", "-m", "leak")
	if err == nil {
		t.Fatalf("a commit with a key went through:\n%s", out)
	}
	// cudoscan, cudoscan staged and cudovet each report it.
	if n := strings.Count(err.Error(), "main.go:3:"); n < 3 {
		t.Errorf("want main.go:3 from the three system hooks, got %d in:\n%v", n, err)
	}
}

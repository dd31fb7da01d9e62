package gitscan_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
)

// loggingGit is a git that appends its arguments to $GITSCAN_TEST_GIT_LOG,
// one command a line, and runs the real git.
const loggingGit = `#!/bin/sh
printf '%s\n' "$*" >>"$GITSCAN_TEST_GIT_LOG"
exec "$GITSCAN_TEST_REAL_GIT" "$@"
`

// logGitCommands puts loggingGit first on PATH for the rest of the test
// and returns a function that lists the git commands run since, by
// subcommand ("-c name=value" options left out). Every git process a
// pre-commit hook starts is paid for on every commit: these tests keep the
// count from growing unnoticed.
func logGitCommands(t *testing.T) func() []string {
	t.Helper()
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh to run the logging git:", err)
	}
	real, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(loggingGit), 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "git.log")
	t.Setenv("GITSCAN_TEST_GIT_LOG", log)
	t.Setenv("GITSCAN_TEST_REAL_GIT", real)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return func() []string {
		t.Helper()
		b, err := os.ReadFile(log)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		var cmds []string
		for line := range strings.Lines(string(b)) {
			f := strings.Fields(line)
			for len(f) >= 2 && f[0] == "-c" {
				f = f[2:]
			}
			if len(f) > 0 {
				cmds = append(cmds, f[0])
			}
		}
		return cmds
	}
}

// stagedCommands opens the repository and scans what is staged with jobs
// workers at most, and returns the git commands that ran.
func stagedCommands(t *testing.T, r *gittest.Repo, jobs int) (*scanner.Result, []string) {
	t.Helper()
	commands := logGitCommands(t)
	res, err := open(t, r.Dir).ScanStaged(context.Background(), scanner.Options{Jobs: jobs}, false)
	if err != nil {
		t.Fatal(err)
	}
	return &res.Result, commands()
}

// stageChanges commits files files, then stages n changes: a tenth of them
// edits of committed files, the rest new files.
func stageChanges(r *gittest.Repo, files, n int) {
	for i := range files {
		r.Write(fmt.Sprintf("src/f%03d.txt", i), fmt.Sprintf("file %d\n", i))
	}
	r.Add()
	r.Commit("init")
	edits := n / 10
	for i := range edits {
		r.Write(fmt.Sprintf("src/f%03d.txt", i), fmt.Sprintf("file %d, edited\n", i))
	}
	for i := range n - edits {
		r.Write(fmt.Sprintf("new/n%03d.txt", i), fmt.Sprintf("new %d\n", i))
	}
	r.Add()
}

// A small commit costs three git processes: the rev-parse of Open, the
// diff against HEAD, one cat-file, whatever the number of CPUs.
func TestStagedGitCommandsSmallCommit(t *testing.T) {
	r := gittest.New(t)
	stageChanges(r, 30, 10)
	res, cmds := stagedCommands(t, r, 8)
	if res.Stats.Files != 10 {
		t.Fatalf("scanned %d files, want the 10 staged", res.Stats.Files)
	}
	if want := []string{"rev-parse", "diff-index", "cat-file"}; !slices.Equal(cmds, want) {
		t.Errorf("git commands %q, want %q", cmds, want)
	}
}

// Before the first commit too: the empty tree's name is not asked of git.
func TestStagedGitCommandsFirstCommit(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "a\n")
	r.Write("b.txt", "b\n")
	r.Add()
	_, cmds := stagedCommands(t, r, 8)
	if want := []string{"rev-parse", "diff-index", "cat-file"}; !slices.Equal(cmds, want) {
		t.Errorf("git commands %q, want %q", cmds, want)
	}
}

// Nothing to read, no cat-file.
func TestStagedGitCommandsDeletionOnly(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "a\n")
	r.Add()
	r.Commit("init")
	r.Git("rm", "-q", "a.txt")
	_, cmds := stagedCommands(t, r, 8)
	if want := []string{"rev-parse", "diff-index"}; !slices.Equal(cmds, want) {
		t.Errorf("git commands %q, want %q", cmds, want)
	}
}

// A large staged set still reads with a cat-file per job, up to one per
// 64 blobs (blobsPerWorker).
func TestStagedGitCommandsLargeCommit(t *testing.T) {
	r := gittest.New(t)
	stageChanges(r, 50, 200)
	for _, tc := range []struct{ jobs, catFiles int }{{1, 1}, {2, 2}, {8, 4}} {
		t.Run(fmt.Sprintf("jobs=%d", tc.jobs), func(t *testing.T) {
			res, cmds := stagedCommands(t, r, tc.jobs)
			if res.Stats.Files != 200 {
				t.Fatalf("scanned %d files, want the 200 staged", res.Stats.Files)
			}
			want := []string{"rev-parse", "diff-index"}
			for range tc.catFiles {
				want = append(want, "cat-file")
			}
			if !slices.Equal(cmds, want) {
				t.Errorf("git commands %q, want %q", cmds, want)
			}
		})
	}
}

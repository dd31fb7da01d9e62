package gitscan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

// Before the first commit the index is compared with the empty tree,
// whose name depends on the repository's hash algorithm.
func TestStagedFirstCommit(t *testing.T) {
	for _, format := range []string{"sha1", "sha256"} {
		t.Run(format, func(t *testing.T) {
			r := &gittest.Repo{T: t, Dir: t.TempDir()}
			r.Git("init", "-q", "--object-format="+format)
			key := gittest.Key(t)
			r.Write("deploy.sh", gittest.KeyFile(key))
			r.Write("README.md", "hello\n")
			r.Add()
			res := staged(t, r.Dir, false)
			if res.Base != "" {
				t.Errorf("Base = %q before the first commit, want \"\"", res.Base)
			}
			if res.Stats.Files != 2 || res.Stats.Bytes != int64(len(gittest.KeyFile(key))+len("hello\n")) {
				t.Errorf("scanned %d files, %d bytes; want 2 files, every byte", res.Stats.Files, res.Stats.Bytes)
			}
			checkKeys(t, res.Findings, want("deploy.sh", key))

			// Then against HEAD: only the change.
			head := r.Commit("first")
			r.Write("README.md", gittest.KeyFile(key))
			r.Add("README.md")
			res = staged(t, r.Dir, false)
			if res.Base != head || res.Stats.Files != 1 {
				t.Errorf("after the first commit: Base %q, %d files scanned; want %q, 1 file", res.Base, res.Stats.Files, head)
			}
			checkKeys(t, res.Findings, want("README.md", key))
		})
	}
}

func TestStagedScansChangesNotOldCommits(t *testing.T) {
	r := gittest.New(t)
	old := gittest.Key(t)
	r.Write("old.sh", gittest.KeyFile(old))
	r.Write("README.md", "v1\n")
	r.Add()
	r.Commit("old key")
	r.Write("README.md", "v2\n")
	r.Add("README.md")

	res := staged(t, r.Dir, false)
	if res.Stats.Files != 1 || res.Stats.Bytes != 3 || res.Entries != 1 {
		t.Errorf("scanned %d files (%d bytes) of %d entries; want only README.md", res.Stats.Files, res.Stats.Bytes, res.Entries)
	}
	checkKeys(t, res.Findings)

	all := staged(t, r.Dir, true)
	if all.Stats.Files != 2 {
		t.Errorf("--all scanned %d files, want the 2 of the index", all.Stats.Files)
	}
	checkKeys(t, all.Findings, want("old.sh", old))
}

func TestStagedReadsIndexNotWorkTree(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "clean\n")
	r.Add()
	r.Commit("init")

	key := gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Add("deploy.sh")
	// An unstaged edit removes the staged key from the work tree; another
	// adds a key that is not staged.
	r.Write("deploy.sh", "#!/bin/sh\nexport CUDO_API_KEY=\"$SECRET\"\n")
	r.Write("README.md", gittest.KeyFile(gittest.Key(t)))

	res := staged(t, r.Dir, false)
	checkKeys(t, res.Findings, want("deploy.sh", key))
	if res.Stats.Files != 1 {
		t.Errorf("scanned %d files, want 1 (README.md has no staged change)", res.Stats.Files)
	}
}

func TestStagedRenameAndDeletion(t *testing.T) {
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("a.sh", gittest.KeyFile(key))
	r.Write("b.txt", "bye\n")
	r.Add()
	r.Commit("init")
	r.Git("mv", "a.sh", "moved.sh")
	r.Git("rm", "-q", "b.txt")

	res := staged(t, r.Dir, false)
	// The renamed file is scanned at its new path: the commit writes the
	// key there. Its old path and the removed file have nothing to scan.
	checkKeys(t, res.Findings, want("moved.sh", key))
	sk := skipped(res.Stats)
	if sk["a.sh"] != "deleted" || sk["b.txt"] != "deleted" || res.Stats.Files != 1 {
		t.Errorf("files %d, skipped %v; want moved.sh scanned, a.sh and b.txt deleted", res.Stats.Files, sk)
	}

	// A commit that only deletes has nothing to scan, and says so.
	r.Commit("move")
	r.Git("rm", "-q", "moved.sh")
	res = staged(t, r.Dir, false)
	if res.Stats.Files != 0 || res.Entries != 1 || skipped(res.Stats)["moved.sh"] != "deleted" || len(res.Findings) != 0 {
		t.Errorf("deletion only: files %d, entries %d, skipped %v, findings %v", res.Stats.Files, res.Entries, res.Stats.Skipped, res.Findings)
	}
}

func TestStagedBinarySymlinkSubmodule(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "x\n")
	r.Add()
	head := r.Commit("init")

	r.Write("blob.bin", "\x00\x01"+gittest.KeyFile(gittest.Key(t)))
	if err := os.Symlink("README.md", filepath.Join(r.Dir, "link")); err != nil {
		t.Fatal(err)
	}
	r.Add("blob.bin", "link")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+head+",vendor/sub")
	key := gittest.Key(t)
	r.Write("text.sh", gittest.KeyFile(key))
	r.Add("text.sh")

	res := staged(t, r.Dir, false)
	checkKeys(t, res.Findings, want("text.sh", key))
	sk := skipped(res.Stats)
	if sk["blob.bin"] != "binary" || sk["link"] != "symlink" || sk["vendor/sub"] != "submodule (gitlink)" {
		t.Errorf("skipped = %v; want blob.bin binary, link symlink, vendor/sub submodule", sk)
	}
	if res.Stats.Files != 1 {
		t.Errorf("scanned %d files, want 1", res.Stats.Files)
	}
}

func TestStagedOddNames(t *testing.T) {
	r := gittest.New(t)
	names := []string{"with space.sh", "new\nline.sh", "ünïcödé/ключ.sh", "tab\tand\"quote.sh", "-dash.sh"}
	var wantKeys []keyAt
	keys := map[string]string{}
	for _, n := range names {
		keys[n] = gittest.Key(t)
		r.Write(n, gittest.KeyFile(keys[n]))
	}
	r.Add()
	res := staged(t, r.Dir, false)
	// Findings come sorted by path.
	for _, n := range []string{"-dash.sh", "new\nline.sh", "tab\tand\"quote.sh", "with space.sh", "ünïcödé/ключ.sh"} {
		wantKeys = append(wantKeys, want(n, keys[n]))
	}
	checkKeys(t, res.Findings, wantKeys...)
}

func TestStagedMergeInProgress(t *testing.T) {
	r := gittest.New(t)
	r.Write("f.txt", "base\n")
	r.Add()
	r.Commit("base")
	r.Git("checkout", "-q", "-b", "side")
	theirs, other := gittest.Key(t), gittest.Key(t)
	r.Write("f.txt", gittest.KeyFile(theirs))
	r.Write("other.sh", gittest.KeyFile(other))
	r.Add()
	r.Commit("side")
	r.Git("checkout", "-q", "main")
	r.Write("f.txt", "ours\n")
	r.Add()
	r.Commit("main")
	if _, err := r.TryGit(nil, "merge", "side"); err == nil {
		t.Fatal("merge did not conflict")
	}

	// Unresolved: both sides of f.txt are scanned; other.sh merged cleanly
	// and is staged.
	res := staged(t, r.Dir, false)
	if res.Unmerged != 1 {
		t.Errorf("Unmerged = %d, want 1", res.Unmerged)
	}
	checkKeys(t, res.Findings, want("f.txt", theirs), want("other.sh", other))

	// Resolved and staged: what the merge commit will hold.
	resolved := gittest.Key(t)
	r.Write("f.txt", gittest.KeyFile(resolved))
	r.Add("f.txt")
	res = staged(t, r.Dir, false)
	if res.Unmerged != 0 {
		t.Errorf("Unmerged = %d after resolution, want 0", res.Unmerged)
	}
	checkKeys(t, res.Findings, want("f.txt", resolved), want("other.sh", other))
}

func TestStagedFromSubdirectory(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "x\n")
	r.Add()
	r.Commit("init")
	key := gittest.Key(t)
	r.Write("sub/inner/deploy.sh", gittest.KeyFile(key))
	r.Add()
	// Paths are relative to the top, as git and pre-commit print them.
	res := staged(t, filepath.Join(r.Dir, "sub", "inner"), false)
	checkKeys(t, res.Findings, want("sub/inner/deploy.sh", key))
	res = staged(t, filepath.Join(r.Dir, "sub"), true)
	checkKeys(t, res.Findings, want("sub/inner/deploy.sh", key))
}

func TestStagedBareAndMissingRepository(t *testing.T) {
	ctx := context.Background()
	bare := t.TempDir()
	if _, err := gittest.RunIn(bare, nil, "git", "init", "-q", "--bare"); err != nil {
		t.Fatal(err)
	}
	repo := open(t, bare)
	if !repo.Bare {
		t.Fatal("bare repository not seen as bare")
	}
	if _, err := repo.ScanStaged(ctx, scanner.Options{}, false); !errors.Is(err, gitscan.ErrBare) {
		t.Errorf("staged in a bare repository: err = %v, want ErrBare", err)
	}

	_, err := gitscan.Open(ctx, t.TempDir())
	if !errors.Is(err, gitscan.ErrNotRepository) {
		t.Errorf("Open(plain dir): err = %v, want ErrNotRepository", err)
	}
	if _, err := gitscan.Open(ctx, filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("Open(missing dir) succeeded")
	}
}

// During `git commit -a` and `git commit PATH` git runs the hook with
// GIT_INDEX_FILE naming a temporary index: that index is what is
// committed.
func TestStagedHonoursGitIndexFile(t *testing.T) {
	r := gittest.New(t)
	r.Write("README.md", "x\n")
	r.Add()
	r.Commit("init")
	key := gittest.Key(t)
	r.Write("README.md", gittest.KeyFile(key))
	alt := filepath.Join(r.Dir, ".git", "alt-index")
	if _, err := r.TryGit([]string{"GIT_INDEX_FILE=" + alt}, "add", "README.md"); err != nil {
		t.Fatal(err)
	}
	if res := staged(t, r.Dir, false); len(res.Findings) != 0 {
		t.Errorf("the default index has no change, found %v", res.Findings)
	}
	t.Setenv("GIT_INDEX_FILE", alt)
	checkKeys(t, staged(t, r.Dir, false).Findings, want("README.md", key))
}

func TestStagedGlobs(t *testing.T) {
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Write("vendor/x.sh", gittest.KeyFile(gittest.Key(t)))
	r.Add()
	res, err := open(t, r.Dir).ScanStaged(context.Background(), scanner.Options{Exclude: []string{"vendor/**"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	checkKeys(t, res.Findings, want("deploy.sh", key))
	if res.Stats.Excluded != 1 {
		t.Errorf("Excluded = %d, want 1", res.Stats.Excluded)
	}
}

func TestStagedErrorNamesRepoAndCommand(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "x\n")
	r.Add()
	// A corrupt index makes git fail; the error must say where and what.
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "index"), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := open(t, r.Dir).ScanStaged(context.Background(), scanner.Options{}, false)
	if err == nil {
		t.Fatal("no error from a corrupt index")
	}
	for _, s := range []string{r.Dir, "git ", "index"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

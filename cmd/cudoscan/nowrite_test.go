//go:build unix

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// snapshot fingerprints everything under dir, the git directory included:
// the path, type, permissions, size and modification time of every entry
// (a directory's changes when an entry is created or removed in it), the
// SHA-256 of every regular file and the target of every link. Special
// files are fingerprinted without being opened.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	st := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		desc := fmt.Sprintf("%v %d %d", fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		switch {
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			desc += " " + hex.EncodeToString(sum[:])
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			desc += " -> " + target
		}
		st[p] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func snapshotDiff(before, after map[string]string) []string {
	var diff []string
	for p, d := range before {
		if after[p] != d {
			diff = append(diff, fmt.Sprintf("%s: %q -> %q", p, d, after[p]))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diff = append(diff, p+": created")
		}
	}
	sort.Strings(diff)
	return diff
}

// TestScanWritesNothing runs every mode that reads a tree (scan in every
// format and with every option that changes what is read, baseline to a
// file outside the tree, staged, history) over a git work tree holding
// keys as written and encoded, UTF-16, binary and special files, links
// and a loop, and checks that nothing in the tree or its git directory
// changed. TestGitModesChangeNothing checks the git modes against the
// refresh a careless git status would make.
func TestScanWritesNothing(t *testing.T) {
	gittest.Sandbox(t)
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("deploy.sh", gittest.KeyFile(key))
	r.Write("k8s/secret.yaml", "data:\n  CUDO_API_KEY: "+encodeAs("base64", key)+"\n")
	r.Add()
	r.Commit("init")
	r.Write("staged.env", "CUDO_API_KEY="+gittest.Key(t)+"\n")
	r.Add("staged.env")
	r.Write("untracked/notes.txt", "# cudo\n# cudoscan:allow a fixture\nCUDO_API_KEY="+gittest.Key(t)+"\n")
	units := utf16.Encode([]rune("\ufeffCUDO_API_KEY=" + gittest.Key(t) + "\r\n"))
	var le []byte
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
	}
	if err := os.WriteFile(filepath.Join(r.Dir, "profile.ps1"), le, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.Dir, "app.bin"), []byte("\x00\x01CUDO_API_KEY="+key), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(r.Dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"link.sh": "deploy.sh", "k8s/loop": ".."} {
		if err := os.Symlink(target, filepath.Join(r.Dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	outside := t.TempDir()

	before := snapshot(t, r.Dir)
	for _, args := range [][]string{
		{"scan", r.Dir},
		{"scan", "--format", "json", r.Dir},
		{"scan", "--format", "sarif", r.Dir},
		{"scan", "--format", "github", r.Dir},
		{"scan", "--follow-symlinks", "--list-suppressed", "--show-secrets", r.Dir},
		{"scan", "--decode-depth", "0", "--jobs", "1", r.Dir},
		{"scan", "--output", filepath.Join(outside, "out.json"), "--format", "json", r.Dir},
		{"baseline", "--output", filepath.Join(outside, "base.jsonl"), r.Dir},
		{"scan", "--baseline", filepath.Join(outside, "base.jsonl"), r.Dir},
		{"staged", "-C", r.Dir},
		{"history", "-C", r.Dir},
		{"scan", "--max-findings-per-file", "1", r.Dir},
	} {
		code, _, stderr := runCLI(t, args...)
		if code == exitError {
			t.Errorf("cudoscan %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		if diff := snapshotDiff(before, snapshot(t, r.Dir)); len(diff) > 0 {
			t.Fatalf("cudoscan %s changed the tree:\n%s", strings.Join(args, " "), strings.Join(diff, "\n"))
		}
	}
	// Writers pointed into the tree at what is not a regular file (a
	// symlink, a FIFO) refuse, and leave it as it was.
	for _, args := range [][]string{
		{"scan", "--output", filepath.Join(r.Dir, "link.sh"), r.Dir},
		{"baseline", "--output", filepath.Join(r.Dir, "link.sh"), r.Dir},
		{"baseline", "--output", filepath.Join(r.Dir, "pipe"), r.Dir},
		{"scan", "--output", filepath.Join(r.Dir, "k8s"), r.Dir},
	} {
		if code, _, stderr := runCLI(t, args...); code != exitError || !strings.Contains(stderr, "not a regular file") {
			t.Errorf("cudoscan %s: exit %d, want %d and a refusal\n%s", strings.Join(args, " "), code, exitError, stderr)
		}
		if diff := snapshotDiff(before, snapshot(t, r.Dir)); len(diff) > 0 {
			t.Fatalf("cudoscan %s changed the tree:\n%s", strings.Join(args, " "), strings.Join(diff, "\n"))
		}
	}
	// The fingerprint does see a change as small as a file's time.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(r.Dir, ".git", "HEAD"), later, later); err != nil {
		t.Fatal(err)
	}
	if len(snapshotDiff(before, snapshot(t, r.Dir))) == 0 {
		t.Fatal("the snapshot missed a changed modification time")
	}
}

package gitscan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func readHook(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInstallHookDefaultDir(t *testing.T) {
	ctx := context.Background()
	r := gittest.New(t)
	repo := open(t, r.Dir)
	path, replaced, err := repo.InstallHook(ctx, gitscan.PreCommit, "/opt/cudo scan's/cudoscan", false)
	if err != nil || replaced {
		t.Fatalf("InstallHook: %v, replaced %v", err, replaced)
	}
	if want := filepath.Join(r.Dir, ".git", "hooks", "pre-commit"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	hook := readHook(t, path)
	if !strings.Contains(hook, gitscan.HookMarker) || !strings.Contains(hook, `'/opt/cudo scan'\''s/cudoscan'`) || !strings.Contains(hook, `exec "$cudoscan" staged`) {
		t.Errorf("hook script:\n%s", hook)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("hook not executable: %v %v", fi.Mode(), err)
	}
	// Reinstalling over our own hook needs no --force.
	if _, _, err := repo.InstallHook(ctx, gitscan.PreCommit, "/bin/cudoscan", false); err != nil {
		t.Errorf("reinstall: %v", err)
	}
	path, removed, err := repo.UninstallHook(ctx, gitscan.PreCommit)
	if err != nil || !removed {
		t.Fatalf("UninstallHook: removed %v, %v", removed, err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("hook still there after uninstall: %v", err)
	}
	if _, removed, err := repo.UninstallHook(ctx, gitscan.PreCommit); err != nil || removed {
		t.Errorf("uninstall with no hook: removed %v, %v; want nothing done, no error", removed, err)
	}
}

func TestInstallHookHonoursHooksPath(t *testing.T) {
	ctx := context.Background()
	r := gittest.New(t)
	// A relative core.hooksPath is relative to the top, wherever the
	// command runs from.
	r.Git("config", "core.hooksPath", ".githooks")
	sub := filepath.Join(r.Dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path, _, err := open(t, sub).InstallHook(ctx, gitscan.PreCommit, "/bin/cudoscan", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(r.Dir, ".githooks", "pre-commit"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	abs := filepath.Join(t.TempDir(), "shared-hooks")
	r.Git("config", "core.hooksPath", abs)
	path, _, err = open(t, r.Dir).InstallHook(ctx, gitscan.PreCommit, "/bin/cudoscan", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(abs, "pre-commit"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
}

func TestInstallHookLeavesForeignHooksAlone(t *testing.T) {
	ctx := context.Background()
	r := gittest.New(t)
	repo := open(t, r.Dir)
	path := filepath.Join(r.Dir, ".git", "hooks", "pre-commit")
	const theirs = "#!/bin/sh\necho someone else's hook\n"
	if err := os.WriteFile(path, []byte(theirs), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := repo.InstallHook(ctx, gitscan.PreCommit, "/bin/cudoscan", false); !errors.Is(err, gitscan.ErrForeignHook) {
		t.Errorf("install over a foreign hook: err = %v, want ErrForeignHook", err)
	}
	if _, _, err := repo.UninstallHook(ctx, gitscan.PreCommit); !errors.Is(err, gitscan.ErrForeignHook) {
		t.Errorf("uninstall of a foreign hook: err = %v, want ErrForeignHook", err)
	}
	if readHook(t, path) != theirs {
		t.Fatal("the foreign hook was changed")
	}
	_, replaced, err := repo.InstallHook(ctx, gitscan.PreCommit, "/bin/cudoscan", true)
	if err != nil || !replaced {
		t.Errorf("--force: replaced %v, %v", replaced, err)
	}
	if !strings.Contains(readHook(t, path), gitscan.HookMarker) {
		t.Error("--force did not write our hook")
	}
}

func TestInstallHookBare(t *testing.T) {
	bare := t.TempDir()
	if _, err := gittest.RunIn(bare, nil, "git", "init", "-q", "--bare"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := open(t, bare).InstallHook(context.Background(), gitscan.PreCommit, "/bin/cudoscan", false); !errors.Is(err, gitscan.ErrBare) {
		t.Errorf("err = %v, want ErrBare", err)
	}
}

package gitscan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cudoscan/cudoscan/internal/safefile"
)

// HookMarker is in every hook cudoscan writes, and only in those: a hook
// without it was written by someone else and is never replaced or removed
// without --force.
const HookMarker = "# cudoscan-hook: written by 'cudoscan install-hook'"

// ErrForeignHook reports a pre-commit hook that cudoscan did not write.
var ErrForeignHook = errors.New("a pre-commit hook that cudoscan did not write is in the way")

// HooksDir returns the directory git runs this repository's hooks from,
// honouring core.hooksPath (relative to the work tree top) and worktrees.
func (r *Repo) HooksDir(ctx context.Context) (string, error) {
	out, err := r.output(ctx, "rev-parse", "--path-format=absolute", "--git-path", "hooks")
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

// HookScript is the pre-commit hook that runs `cudoscan staged` with the
// binary at exe, or the cudoscan found on PATH when exe is gone. If neither
// runs, the shell fails and so does the commit: the hook never lets a
// commit through unscanned.
func HookScript(exe string) string {
	return `#!/bin/sh
` + HookMarker + `.
# It scans the staged changes (what this commit will hold, not the work tree)
# for CUDO Compute API keys and malformed Authorization headers, and stops
# the commit when it finds one. 'cudoscan install-hook --uninstall' removes
# it; 'git commit --no-verify' skips it for one commit.
cudoscan=` + shellQuote(exe) + `
if [ ! -x "$cudoscan" ]; then cudoscan=cudoscan; fi
exec "$cudoscan" staged
`
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// InstallHook writes the pre-commit hook into the repository's hooks
// directory. It refuses to replace a hook it did not write unless force
// is set; replaced reports that a foreign hook was overwritten.
func (r *Repo) InstallHook(ctx context.Context, exe string, force bool) (path string, replaced bool, err error) {
	if r.Bare {
		return "", false, fmt.Errorf("%s: %w: no commit is made in it, so a pre-commit hook would never run", r.Name(), ErrBare)
	}
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return "", false, err
	}
	path = filepath.Join(dir, "pre-commit")
	ours, exists, err := hookIsOurs(path)
	if err != nil {
		return path, false, err
	}
	if exists && !ours && !force {
		return path, false, fmt.Errorf("%s: %w (use --force to replace it)", path, ErrForeignHook)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return path, false, err
	}
	// safefile writes a temporary file and renames it, so that a commit
	// running at the same time sees the old hook or the new one, never half
	// of one; it never replaces a symlink or a special file.
	if err := safefile.WriteAtomic(path, []byte(HookScript(exe)), 0o755); err != nil {
		return path, false, err
	}
	return path, exists && !ours, nil
}

// UninstallHook removes the pre-commit hook if cudoscan wrote it; removed
// is false when there was none. A foreign hook is left alone, with
// ErrForeignHook.
func (r *Repo) UninstallHook(ctx context.Context) (path string, removed bool, err error) {
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return "", false, err
	}
	path = filepath.Join(dir, "pre-commit")
	ours, exists, err := hookIsOurs(path)
	switch {
	case err != nil:
		return path, false, err
	case !exists:
		return path, false, nil
	case !ours:
		return path, false, fmt.Errorf("%s: %w; left in place", path, ErrForeignHook)
	}
	return path, true, os.Remove(path)
}

// hookIsOurs reports whether a hook exists at path and holds the marker
// in its first lines.
func hookIsOurs(path string) (ours, exists bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(path); lerr == nil {
			return false, true, nil // a dangling symlink: someone's hook
		}
		return false, false, nil
	}
	if err != nil {
		return false, true, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for i := 0; i < 5 && sc.Scan(); i++ {
		if strings.HasPrefix(sc.Text(), HookMarker) {
			return true, true, nil
		}
	}
	return false, true, nil
}

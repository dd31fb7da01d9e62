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

// ErrForeignHook reports a hook that cudoscan did not write. The error
// returned names the kind of hook; errors.Is matches it to this one.
var ErrForeignHook = errors.New("a pre-commit hook that cudoscan did not write is in the way")

// foreignHook is ErrForeignHook for a given kind of hook, so that a
// foreign pre-push hook is not called a pre-commit hook.
type foreignHook Hook

func (h foreignHook) Error() string {
	return "a " + string(h) + " hook that cudoscan did not write is in the way"
}

func (h foreignHook) Is(target error) bool { return target == ErrForeignHook }

// Hook is a git hook that cudoscan installs: its file name in the hooks
// directory.
type Hook string

const (
	// PreCommit runs 'cudoscan staged': it stops a commit that adds a key.
	PreCommit Hook = "pre-commit"
	// PrePush runs 'cudoscan pre-push': it stops a push that sends a
	// commit holding a key, commits made with --no-verify included.
	PrePush Hook = "pre-push"
)

// Script returns the hook's script, running the binary at exe.
func (h Hook) Script(exe string) string {
	if h == PrePush {
		return PrePushHookScript(exe)
	}
	return HookScript(exe)
}

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

// PrePushHookScript is the pre-push hook: it runs `cudoscan pre-push` with
// git's arguments (the remote's name and URL) and, through exec, git's
// stdin (a line per ref pushed). As with HookScript, if no cudoscan runs
// the shell fails and so does the push.
func PrePushHookScript(exe string) string {
	return `#!/bin/sh
` + HookMarker + `.
# It scans the commits this push would send (from the ref lines git gives
# the hook on stdin), commits made with 'git commit --no-verify' included,
# for CUDO Compute API keys and malformed Authorization headers, and stops
# the push when it finds one. 'cudoscan install-hook --pre-push --uninstall'
# removes it; 'git push --no-verify' skips it for one push.
cudoscan=` + shellQuote(exe) + `
if [ ! -x "$cudoscan" ]; then cudoscan=cudoscan; fi
exec "$cudoscan" pre-push "$@"
`
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// InstallHook writes hook h into the repository's hooks directory. It
// refuses to replace a hook it did not write unless force is set;
// replaced reports that a foreign hook was overwritten.
func (r *Repo) InstallHook(ctx context.Context, h Hook, exe string, force bool) (path string, replaced bool, err error) {
	// A bare repository is pushed from (a mirror), never committed in.
	if r.Bare && h == PreCommit {
		return "", false, fmt.Errorf("%s: %w: no commit is made in it, so a pre-commit hook would never run", r.Name(), ErrBare)
	}
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return "", false, err
	}
	path = filepath.Join(dir, string(h))
	ours, exists, err := hookIsOurs(path)
	if err != nil {
		return path, false, err
	}
	if exists && !ours && !force {
		return path, false, fmt.Errorf("%s: %w (use --force to replace it)", path, foreignHook(h))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return path, false, err
	}
	// safefile writes a temporary file and renames it, so that a commit
	// running at the same time sees the old hook or the new one, never half
	// of one; it never replaces a symlink or a special file.
	if err := safefile.WriteAtomic(path, []byte(h.Script(exe)), 0o755); err != nil {
		return path, false, err
	}
	return path, exists && !ours, nil
}

// UninstallHook removes hook h if cudoscan wrote it; removed is false
// when there was none. A foreign hook is left alone, with ErrForeignHook.
func (r *Repo) UninstallHook(ctx context.Context, h Hook) (path string, removed bool, err error) {
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return "", false, err
	}
	path = filepath.Join(dir, string(h))
	ours, exists, err := hookIsOurs(path)
	switch {
	case err != nil:
		return path, false, err
	case !exists:
		return path, false, nil
	case !ours:
		return path, false, fmt.Errorf("%s: %w; left in place", path, foreignHook(h))
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

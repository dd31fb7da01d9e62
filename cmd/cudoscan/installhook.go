package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func runInstallHook(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet(e, "install-hook")
	force := fs.Bool("force", false, "replace a hook that cudoscan did not write")
	uninstall := fs.Bool("uninstall", false, "remove the hook, if cudoscan wrote it")
	prePush := fs.Bool("pre-push", false, "the pre-push hook, which runs 'cudoscan pre-push', instead of the pre-commit hook")
	dir := fs.String("C", ".", "run as if started in `DIR`")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: cudoscan install-hook [--pre-push] [--force] [--uninstall]

Installs a native git pre-commit hook that runs 'cudoscan staged', in the
directory git runs hooks from (core.hooksPath if set, else .git/hooks).
With --pre-push, a pre-push hook instead, which runs 'cudoscan pre-push':
it scans the commits each push sends, commits made with --no-verify too.
A hook cudoscan did not write is never replaced without --force, nor
removed by --uninstall. With the pre-commit framework, use the
cudoscan-staged and cudoscan-push hooks of .pre-commit-hooks.yaml instead.

Flags:`)
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	if len(rest) > 0 {
		return e.errorf("install-hook takes no arguments (got %q)", rest)
	}
	hook, runs, when := gitscan.PreCommit, "cudoscan staged", "commit"
	if *prePush {
		hook, runs, when = gitscan.PrePush, "cudoscan pre-push", "push"
	}
	repo, err := gitscan.Open(ctx, *dir)
	if err != nil {
		return e.errorf("%v", err)
	}
	if *uninstall {
		path, removed, err := repo.UninstallHook(ctx, hook)
		switch {
		case err != nil:
			return e.errorf("%v", err)
		case !removed:
			fmt.Fprintf(e.stderr, "cudoscan: no hook at %s: nothing to remove\n", path)
		default:
			fmt.Fprintf(e.stderr, "cudoscan: removed %s\n", path)
		}
		return exitClean
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "cudoscan"
	}
	path, replaced, err := repo.InstallHook(ctx, hook, exe, *force)
	if err != nil {
		return e.errorf("%v", err)
	}
	verb := "installed"
	if replaced {
		verb = "replaced the existing hook with"
	}
	fmt.Fprintf(e.stderr, "cudoscan: %s %s: every %s now runs '%s' (%s)\n", verb, path, when, runs, exe)
	return exitClean
}

package gitscan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotRepository reports a directory that is not inside a git
// repository.
var ErrNotRepository = errors.New("not a git repository")

// ErrBare reports a bare repository where a work tree and an index are
// needed.
var ErrBare = errors.New("bare repository: it has no index and no work tree")

// Repo is a git repository, found from a directory the way git finds it.
type Repo struct {
	// Top is the root of the work tree; "" for a bare repository.
	Top string
	// GitDir is the absolute path of the repository's git directory.
	GitDir string
	// Bare and Shallow say what git says of the repository.
	Bare, Shallow bool

	dir string // where git commands run: Top, or GitDir when bare
}

// Open finds the repository that holds dir, as git would from there.
func Open(ctx context.Context, dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	out, err := output(ctx, abs, "rev-parse", "--is-bare-repository", "--absolute-git-dir", "--is-shallow-repository")
	if err != nil {
		var ge *Error
		if errors.As(err, &ge) && strings.Contains(ge.Stderr, "not a git repository") {
			return nil, fmt.Errorf("%s: %w (git: %s)", dir, ErrNotRepository, ge.Stderr)
		}
		if gitNotFound(err) {
			return nil, fmt.Errorf("git is not installed or not on PATH: %w", err)
		}
		return nil, err
	}
	f := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(f) != 3 {
		return nil, fmt.Errorf("%s: git rev-parse: unexpected output %q", dir, out)
	}
	r := &Repo{Bare: f[0] == "true", GitDir: f[1], Shallow: f[2] == "true", dir: f[1]}
	if r.Bare {
		return r, nil
	}
	out, err = output(ctx, abs, "rev-parse", "--show-toplevel")
	if err != nil {
		var ge *Error
		if errors.As(err, &ge) && strings.Contains(ge.Stderr, "must be run in a work tree") {
			return nil, fmt.Errorf("%s: inside the git directory %s, not in a work tree", dir, r.GitDir)
		}
		return nil, err
	}
	r.Top = strings.TrimSuffix(string(out), "\n")
	r.dir = r.Top
	return r, nil
}

// Name is how messages name the repository: its top, or its git
// directory when bare.
func (r *Repo) Name() string { return r.dir }

func (r *Repo) output(ctx context.Context, args ...string) ([]byte, error) {
	return output(ctx, r.dir, args...)
}

func (r *Repo) start(ctx context.Context, withStdin bool, args ...string) (*proc, error) {
	return start(ctx, r.dir, withStdin, args...)
}

// resolveCommit returns the commit that rev names, or "" and no error when
// rev does not name one (an unborn HEAD).
func (r *Repo) resolveCommit(ctx context.Context, rev string) (string, error) {
	out, err := r.output(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		var ge *Error
		if errors.As(err, &ge) && ge.Stderr == "" {
			return "", nil // --quiet: exit 1 and nothing said means "no such commit"
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

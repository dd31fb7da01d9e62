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

	// objectFormat is the repository's hash algorithm, "sha1" or
	// "sha256" (or what git printed in its place: see openQuery).
	objectFormat string
	// head is the commit HEAD named when Open ran, "" when unborn;
	// headKnown says Open learnt it (not in a bare repository).
	head      string
	headKnown bool

	// gitOnly makes every blob come from git, not the pack reader: for
	// the tests that compare the two.
	gitOnly bool
}

// openQuery is everything Open asks git, in one rev-parse, which answers
// one line per question in this order. Every git command is a process to
// start, and a pre-commit hook pays for each on every commit.
//
// --show-toplevel comes after what a bare repository can answer: there,
// and inside a git directory, it fails ("must be run in a work tree")
// once the lines before it are printed. It prints the real path, symlinks
// resolved, which is what Top has always been (--show-cdup would keep the
// symlinks of the path Open was given).
//
// HEAD comes last, after --revs-only: an unborn HEAD then prints nothing
// and exits 0, where --verify would fail the whole command.
// --show-object-format (git 2.28) comes before --revs-only, so that an
// older git, which does not know it, echoes it and the lines stay in
// place.
var openQuery = []string{"rev-parse", "--is-bare-repository", "--absolute-git-dir", "--is-shallow-repository",
	"--show-object-format", "--show-toplevel", "--revs-only", "HEAD^{commit}"}

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
	out, err := outputEvenOnError(ctx, abs, openQuery...)
	noWorkTree := false
	if err != nil {
		var ge *Error
		switch {
		case errors.As(err, &ge) && strings.Contains(ge.Stderr, "not a git repository"):
			return nil, fmt.Errorf("%s: %w (git: %s)", dir, ErrNotRepository, ge.Stderr)
		case gitNotFound(err):
			return nil, fmt.Errorf("git is not installed or not on PATH: %w", err)
		case errors.As(err, &ge) && strings.Contains(ge.Stderr, "must be run in a work tree"):
			noWorkTree = true
		default:
			return nil, err
		}
	}
	// The first lines are checked, so that a git directory whose name
	// holds a newline is an error, not a misreading.
	f := strings.SplitN(string(out), "\n", 5)
	if len(f) < 4 || !isBool(f[0]) || !filepath.IsAbs(f[1]) || !isBool(f[2]) {
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: git rev-parse: unexpected output %q", dir, out)
	}
	r := &Repo{Bare: f[0] == "true", GitDir: f[1], Shallow: f[2] == "true", objectFormat: f[3], dir: f[1]}
	if r.Bare {
		return r, nil // what follows is not asked of a bare repository
	}
	var rest string
	if len(f) == 5 {
		rest = strings.TrimSuffix(f[4], "\n")
	}
	// A git older than 2.25 prints nothing for --show-toplevel outside a
	// work tree, where a newer one fails: rest is then empty or a commit.
	if noWorkTree || !filepath.IsAbs(rest) {
		return nil, fmt.Errorf("%s: inside the git directory %s, not in a work tree", dir, r.GitDir)
	}
	r.Top, r.head, r.headKnown = rest, "", true
	// The top is one line unless its name holds a newline; HEAD, when
	// there is one, is the last line.
	if i := strings.LastIndexByte(rest, '\n'); i >= 0 && isObjectName(rest[i+1:]) {
		r.Top, r.head = rest[:i], rest[i+1:]
	}
	r.dir = r.Top
	return r, nil
}

func isBool(s string) bool { return s == "true" || s == "false" }

// Name is how messages name the repository: its top, or its git
// directory when bare.
func (r *Repo) Name() string { return r.dir }

func (r *Repo) output(ctx context.Context, args ...string) ([]byte, error) {
	return output(ctx, r.dir, args...)
}

func (r *Repo) start(ctx context.Context, withStdin bool, args ...string) (*proc, error) {
	return start(ctx, r.dir, withStdin, args...)
}

// headCommit returns the commit HEAD names, or "" when it is unborn: as
// Open found it, or asked of git when Open did not (a bare repository).
func (r *Repo) headCommit(ctx context.Context) (string, error) {
	if r.headKnown {
		return r.head, nil
	}
	return r.resolveCommit(ctx, "HEAD")
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

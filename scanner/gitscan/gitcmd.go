package gitscan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// gitEnv is added to the environment of every git command. Optional locks
// off: git must never refresh and rewrite the index on our behalf. C
// locale: messages are parsed. No prompt: a scan never waits for a
// password. No lazy fetch (git 2.45.1, and 2.39.4 and the other security
// releases of May 2024): reading a partial clone must not download, nor
// write, objects; a missing blob is reported. No transport at all (an
// empty GIT_ALLOW_PROTOCOL allows none, since git 2.12): where an older
// git would still fetch, it fails instead of connecting, so it never runs
// the ssh command, askpass or credential helper that the repository's
// config may name (see configOverrides).
var gitEnv = []string{
	"GIT_OPTIONAL_LOCKS=0",
	"LC_ALL=C",
	"GIT_TERMINAL_PROMPT=0",
	"GIT_NO_LAZY_FETCH=1",
	"GIT_ALLOW_PROTOCOL=",
}

// pathEnv are the variables that hold paths git resolves against its
// working directory. Git runs in the repository top, so relative values
// (relative to where cudoscan was started) are made absolute first.
var pathEnv = []string{
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
}

// environ returns the environment for git commands: ours, with relative
// git paths made absolute and gitEnv applied. GIT_INDEX_FILE in
// particular is kept: git sets it for a pre-commit hook during
// `git commit -a` and `git commit PATH`, whose index is a temporary one.
func environ() []string {
	cwd, _ := os.Getwd()
	env := os.Environ()
	out := make([]string, 0, len(env)+len(gitEnv))
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if isOneOf(k, pathEnv) && v != "" && !filepath.IsAbs(v) && cwd != "" {
			kv = k + "=" + filepath.Join(cwd, v)
		}
		if !overridden(k) {
			out = append(out, kv)
		}
	}
	return append(out, gitEnv...)
}

func overridden(k string) bool {
	for _, kv := range gitEnv {
		if strings.HasPrefix(kv, k+"=") {
			return true
		}
	}
	return false
}

func isOneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// maxStderr bounds the stderr kept from one git command.
const maxStderr = 16 << 10

// capped keeps the first maxStderr bytes written to it.
type capped struct{ bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if room := maxStderr - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// proc is a running git command.
type proc struct {
	dir    string
	args   []string
	cmd    *exec.Cmd
	stdout io.ReadCloser
	stdin  io.WriteCloser
	stderr *capped
}

// gitCmd builds a git command run in dir, with configOverrides before
// args. Messages name the command by args alone: the overrides are the
// same for every command.
func gitCmd(ctx context.Context, dir string, args []string) (*exec.Cmd, *capped) {
	cmd := exec.CommandContext(ctx, "git", slices.Concat(configOverrides, args)...)
	cmd.Dir = dir
	cmd.Env = environ()
	stderr := &capped{}
	cmd.Stderr = stderr
	return cmd, stderr
}

// start starts git in dir with its stdout (and, if withStdin, its stdin)
// piped to us.
func start(ctx context.Context, dir string, withStdin bool, args ...string) (*proc, error) {
	cmd, stderr := gitCmd(ctx, dir, args)
	p := &proc{dir: dir, args: args, cmd: cmd, stderr: stderr}
	var err error
	if p.stdout, err = cmd.StdoutPipe(); err != nil {
		return nil, p.wrap(err)
	}
	if withStdin {
		if p.stdin, err = cmd.StdinPipe(); err != nil {
			return nil, p.wrap(err)
		}
	}
	if err := cmd.Start(); err != nil {
		return nil, p.wrap(err)
	}
	return p, nil
}

// wait waits for the command to exit and returns its error, wrapped.
// The caller must have read stdout to its end (or given up on it).
func (p *proc) wait() error {
	if err := p.cmd.Wait(); err != nil {
		return p.wrap(err)
	}
	return nil
}

// wrap names the repository and the command in err, with what git said
// on stderr.
func (p *proc) wrap(err error) error {
	return &Error{Dir: p.dir, Args: p.args, Stderr: strings.TrimSpace(p.stderr.String()), Err: err}
}

// output runs git in dir and returns its stdout.
func output(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return outputWithInput(ctx, dir, nil, args...)
}

// outputWithInput runs git in dir with stdin read from in (nil: none)
// and returns its stdout. exec feeds stdin while stdout is read, so a
// long input cannot deadlock against a full output pipe.
func outputWithInput(ctx context.Context, dir string, in io.Reader, args ...string) ([]byte, error) {
	out, err := run(ctx, dir, in, args)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// outputEvenOnError runs git in dir and returns its stdout, also when it
// fails: then with the error, and what it printed before it failed.
func outputEvenOnError(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return run(ctx, dir, nil, args)
}

func run(ctx context.Context, dir string, in io.Reader, args []string) ([]byte, error) {
	cmd, stderr := gitCmd(ctx, dir, args)
	cmd.Stdin = in
	out, err := cmd.Output()
	if err != nil {
		return out, (&proc{dir: dir, args: args, stderr: stderr}).wrap(err)
	}
	return out, nil
}

// Error is a git command that failed.
type Error struct {
	Dir    string   // where it ran
	Args   []string // its arguments, after "git"
	Stderr string   // what it printed on stderr (the first 16 KiB)
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: git %s: %v", e.Dir, strings.Join(e.Args, " "), e.Err)
	if e.Stderr != "" {
		b.WriteString(": ")
		b.WriteString(strings.ReplaceAll(e.Stderr, "\n", "; "))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// gitNotFound reports whether err says that git itself could not be run.
func gitNotFound(err error) bool {
	return errors.Is(err, exec.ErrNotFound)
}

package gitscan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// SplitArgs sorts the arguments of `cudoscan history` as git log does:
// before "--", revisions and ranges, and a path where a revision is
// expected (`cudoscan history .`) is understood as a path when it names
// one and is no revision; after "--", paths only. Paths are returned
// relative to the top of the work tree, slash-separated, as the log's
// pathspecs; cwd is where relative paths start. An argument that is
// neither is an error in one line.
func (r *Repo) SplitArgs(ctx context.Context, args []string, cwd string) (revs, paths []string, err error) {
	before, after := args, []string(nil)
	for i, a := range args {
		if a == "--" {
			before, after = args[:i], args[i+1:]
			break
		}
	}
	for _, a := range before {
		isRev, err := r.isRevision(ctx, a)
		if err != nil {
			return nil, nil, err
		}
		if isRev {
			revs = append(revs, a)
			continue
		}
		p, ok := r.treePath(cwd, a)
		if !ok {
			return nil, nil, fmt.Errorf("%q is neither a revision nor a path in %s (paths go after --: cudoscan history [REV...] -- PATH...)", a, r.Name())
		}
		paths = append(paths, p)
	}
	for _, a := range after {
		p, ok := r.treePath(cwd, a)
		if !ok {
			p = filepath.ToSlash(a) // a path gone from the work tree can still be in the history
		}
		paths = append(paths, p)
	}
	return revs, paths, nil
}

// isRevision reports whether a names commits: a range (a..b, a...b), an
// exclusion (^a), or anything that resolves to a commit.
func (r *Repo) isRevision(ctx context.Context, a string) (bool, error) {
	if strings.HasPrefix(a, "-") {
		return false, fmt.Errorf("%q is not a revision (flags go before the revisions)", a)
	}
	if strings.Contains(a, "..") && !pathExists(a) || strings.HasPrefix(a, "^") {
		return true, nil
	}
	c, err := r.resolveCommit(ctx, a)
	return c != "", err
}

// treePath turns a path given on the command line into a pathspec
// relative to the top of the work tree, if it exists.
func (r *Repo) treePath(cwd, a string) (string, bool) {
	p := a
	if !filepath.IsAbs(p) {
		p = filepath.Join(cwd, p)
	}
	if !pathExists(p) {
		return "", false
	}
	if r.Top == "" {
		return filepath.ToSlash(a), true
	}
	rel, err := filepath.Rel(r.Top, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

func pathExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// CountCommits returns how many commits a history scan with h walks: the
// total of its progress display.
func (r *Repo) CountCommits(ctx context.Context, h HistoryOptions) (int64, error) {
	revs, err := r.logRevs(ctx, h, &lazyStashes{r: r})
	if err != nil {
		return 0, err
	}
	args := append([]string{"rev-list", "--count"}, revs...)
	args = append(args, "--")
	args = append(args, pathspecs(h.Paths)...)
	out, err := r.output(ctx, args...)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
}

// pathspecs are paths as git pathspecs that match them literally, from
// the top of the work tree.
func pathspecs(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p == "." { // the top itself
			p = ""
		}
		out = append(out, ":(top,literal)"+p)
	}
	return out
}

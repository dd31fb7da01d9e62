package scanner

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// job is one file to scan.
type job struct {
	root    int    // index of the root it was found under
	osPath  string // the path to open
	relPath string // slash path relative to the root, or the file argument
	named   bool   // named on the command line: read whatever its size
}

// walker lists the files of the roots into jobs, recording what it skips.
type walker struct {
	opts    *Options
	roots   []string
	jobs    chan<- []job
	batch   []job // files found and not yet sent
	stats   *Stats
	visited map[fileID]bool // directories entered, when following symlinks
	dirs    dirOpener       // lists directories, however deep
}

// walk sends the files of every root to w.jobs, in root order, each root
// in lexical order.
func (w *walker) walk(ctx context.Context) {
	for i, root := range w.roots {
		if ctx.Err() != nil {
			return
		}
		// A root named on the command line is followed even when it is a
		// symlink: the user asked for it by name.
		fi, err := os.Stat(root)
		if err != nil {
			w.stats.Errors = append(w.stats.Errors, FileError{Path: root, Err: describeErr(err)})
			continue
		}
		if !fi.IsDir() {
			w.file(ctx, job{root: i, osPath: root, relPath: filepath.ToSlash(filepath.Clean(root)), named: true}, fi.Mode())
			continue
		}
		w.dir(ctx, i, root, "")
	}
	w.dirs.close()
	w.flush(ctx)
}

// file queues a file, or records why it is not scanned.
func (w *walker) file(ctx context.Context, j job, mode fs.FileMode) {
	if reason := specialReason(mode); reason != "" {
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: j.relPath, Reason: reason})
		return
	}
	if !w.opts.selected(j.relPath) {
		w.stats.Excluded++
		return
	}
	if w.batch == nil {
		w.batch = make([]job, 0, batchSize)
	}
	w.batch = append(w.batch, j)
	if len(w.batch) == batchSize {
		w.flush(ctx)
	}
}

// batchSize is how many files go to a worker at once. Handing files over
// one by one costs more in goroutine wake-ups than scanning a small file.
const batchSize = 32

// flush hands the files found so far to the workers.
func (w *walker) flush(ctx context.Context) {
	if len(w.batch) == 0 {
		return
	}
	select {
	case w.jobs <- w.batch:
	case <-ctx.Done():
	}
	w.batch = nil
}

// dir walks the directory osDir, whose path relative to the root is
// relDir ("" for the root itself).
func (w *walker) dir(ctx context.Context, root int, osDir, relDir string) {
	if w.enter(osDir, relDir) {
		w.walkDir(ctx, root, osDir, relDir)
	}
}

// walkDir lists osDir and walks what it holds, in lexical order. It
// recurses as deep as the tree goes: goroutine stacks grow, and readDir
// and the file opener take paths longer than PATH_MAX (longpath_linux.go).
func (w *walker) walkDir(ctx context.Context, root int, osDir, relDir string) {
	hook("readdir", osDir)
	entries, err := w.dirs.readDir(osDir)
	if err != nil {
		// Go on with the entries read before the error, if any.
		w.unreadable(displayDir(relDir), err)
	}
	for _, d := range entries {
		if ctx.Err() != nil {
			return
		}
		name := d.name
		p := joinOS(osDir, name)
		rel := joinRel(relDir, name, p)
		switch {
		case d.isDir():
			if name == ".git" {
				// Counted, never silent: what a .git directory holds is
				// history, which cudoscan history reads properly.
				w.stats.Skipped = append(w.stats.Skipped, Skip{Path: rel, Reason: reasonGitDir})
				continue
			}
			if w.opts.prunedDir(rel) {
				w.stats.Excluded++
				continue
			}
			w.dir(ctx, root, p, rel)
		case d.typ&fs.ModeSymlink != 0:
			w.symlink(ctx, root, p, rel)
		default:
			w.file(ctx, job{root: root, osPath: p, relPath: rel}, d.typ)
		}
	}
}

// enter reports whether to walk a directory. When following symlinks, a
// directory already walked, reached again through a link, is a loop: it
// is skipped, with the reason.
func (w *walker) enter(osDir, rel string) bool {
	if !w.opts.FollowSymlinks {
		return true
	}
	id, ok := idOf(osDir)
	if !ok {
		return true
	}
	if w.visited[id] {
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: displayDir(rel), Reason: "symlink loop (directory already scanned)"})
		return false
	}
	w.visited[id] = true
	return true
}

// unreadable records a directory or link that could not be read. One that
// vanished since it was listed is skipped, not an error: the tree changed
// under the scan, and what is not there cannot hold a key.
func (w *walker) unreadable(rel string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: rel, Reason: reasonDeleted})
		return
	}
	w.stats.Errors = append(w.stats.Errors, FileError{Path: rel, Err: describeErr(err)})
}

// reasonDeleted is the skip reason of a file or directory deleted between
// being listed and being read.
const reasonDeleted = "deleted during the scan"

// joinOS joins a directory path and a name for the system calls, without
// cleaning: filepath.Join would, at a cost that grows with the depth.
func joinOS(dir, name string) string {
	if dir != "" && os.IsPathSeparator(dir[len(dir)-1]) {
		return dir + name
	}
	return dir + string(filepath.Separator) + name
}

// joinRel is relDir + "/" + name, the slash path of an entry relative to
// its root, taken from p, the entry's path for the system calls, where p
// ends with it (on systems whose separator is a slash, always): one
// allocation a file instead of two.
func joinRel(relDir, name, p string) string {
	if relDir == "" {
		return name
	}
	n := len(relDir) + 1 + len(name)
	if len(p) >= n && p[len(p)-len(name)-1] == '/' && p[len(p)-n:len(p)-len(name)-1] == relDir {
		return p[len(p)-n:]
	}
	return relDir + "/" + name
}

// symlink follows a link when asked to, or records it as skipped.
func (w *walker) symlink(ctx context.Context, root int, p, rel string) {
	if !w.opts.FollowSymlinks {
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: rel, Reason: "symlink (use --follow-symlinks)"})
		return
	}
	fi, err := statFollow(p)
	switch {
	case errors.Is(err, syscall.ELOOP):
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: rel, Reason: "symlink loop (too many levels of symbolic links)"})
		return
	case err != nil:
		w.stats.Errors = append(w.stats.Errors, FileError{Path: rel, Err: "broken symlink: " + describeErr(err)})
		return
	}
	if fi.IsDir() {
		if w.opts.prunedDir(rel) {
			w.stats.Excluded++
			return
		}
		w.dir(ctx, root, p, rel)
		return
	}
	w.file(ctx, job{root: root, osPath: p, relPath: rel}, fi.Mode())
}

func displayDir(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}

package scanner

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
	if w.opts.FollowSymlinks {
		if id, ok := idOf(osDir); ok {
			if w.visited[id] {
				w.stats.Skipped = append(w.stats.Skipped, Skip{Path: displayDir(relDir), Reason: "symlink loop (directory already scanned)"})
				return
			}
			w.visited[id] = true
		}
	}
	err := filepath.WalkDir(osDir, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return filepath.SkipAll
		}
		rel := relDir
		if p != osDir {
			r, _ := filepath.Rel(osDir, p)
			rel = path.Join(relDir, filepath.ToSlash(r))
		}
		if err != nil {
			w.stats.Errors = append(w.stats.Errors, FileError{Path: displayDir(rel), Err: describeErr(err)})
			return nil // WalkDir skips what it cannot read and goes on
		}
		switch {
		case d.IsDir():
			if p == osDir {
				return nil
			}
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			if w.opts.prunedDir(rel) {
				w.stats.Excluded++
				return filepath.SkipDir
			}
			if w.opts.FollowSymlinks {
				if id, ok := idOf(p); ok {
					if w.visited[id] {
						w.stats.Skipped = append(w.stats.Skipped, Skip{Path: rel, Reason: "symlink loop (directory already scanned)"})
						return filepath.SkipDir
					}
					w.visited[id] = true
				}
			}
		case d.Type()&fs.ModeSymlink != 0:
			w.symlink(ctx, root, p, rel)
		default:
			w.file(ctx, job{root: root, osPath: p, relPath: rel}, d.Type())
		}
		return nil
	})
	if err != nil && !errors.Is(err, filepath.SkipAll) {
		w.stats.Errors = append(w.stats.Errors, FileError{Path: displayDir(relDir), Err: describeErr(err)})
	}
}

// symlink follows a link when asked to, or records it as skipped.
func (w *walker) symlink(ctx context.Context, root int, p, rel string) {
	if !w.opts.FollowSymlinks {
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: rel, Reason: "symlink (use --follow-symlinks)"})
		return
	}
	fi, err := os.Stat(p)
	if err != nil {
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

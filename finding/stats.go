package finding

import (
	"cmp"
	"slices"
)

// Stats says what a scan read and what it could not.
type Stats struct {
	Files    int64 // files (or blobs) scanned
	Bytes    int64 // bytes scanned
	Excluded int64 // files left out by --include/--exclude
	Skipped  []Skip
	Errors   []FileError
}

// Skip is a file that was deliberately not scanned.
type Skip struct {
	Path   string
	Reason string // "binary", "too large (N bytes)", "fifo", "symlink", ...
}

// FileError is a file that could not be scanned.
type FileError struct {
	Path string
	Err  string
}

// Add counts o into s: the stats of two workers, or of two scans reported
// as one (stdin and files).
func (s *Stats) Add(o Stats) {
	s.Files += o.Files
	s.Bytes += o.Bytes
	s.Excluded += o.Excluded
	s.Skipped = append(s.Skipped, o.Skipped...)
	s.Errors = append(s.Errors, o.Errors...)
}

// Sort orders the skipped and unreadable files by path, keeping the order
// of entries for the same path.
func (s *Stats) Sort() {
	slices.SortStableFunc(s.Skipped, func(a, b Skip) int { return cmp.Compare(a.Path, b.Path) })
	slices.SortStableFunc(s.Errors, func(a, b FileError) int { return cmp.Compare(a.Path, b.Path) })
}

package scanner

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// errSkip carries the reason a file was not scanned on purpose.
type errSkip struct{ reason string }

func (e errSkip) Error() string { return e.reason }

// openRegular opens path into f for reading if, once open, it is a
// regular file within maxSize (0: no limit). The caller keeps f, one for
// all its files: an allocation a file costs more than it seems in a tree
// of small ones, in the allocator, the collector and the heap's first
// page faults. It checks the opened file, not the path, so
// a file swapped for a FIFO or a device between walk and open is skipped,
// never read. The reader it returns stops at the size the file had when it
// was opened: a file growing during the scan is scanned as it was then,
// and the read that would only say "end of file" is never made.
func openRegular(path string, maxSize int64, f *sizedFile) (int64, error) {
	mode, size, err := openFile(path, &f.f)
	if err != nil {
		return 0, err
	}
	if reason := specialReason(mode); reason != "" {
		f.f.Close()
		return 0, errSkip{reason}
	}
	if maxSize > 0 && size > maxSize {
		f.f.Close()
		return 0, errSkip{fmt.Sprintf("too large (%d bytes > --max-file-size %d)", size, maxSize)}
	}
	f.left = size
	return size, nil
}

// sizedFile reads a file up to the size it had when opened.
type sizedFile struct {
	f    rawFile
	left int64
}

// ReadAt reads at an offset, for the segments of a large file.
func (s *sizedFile) ReadAt(p []byte, off int64) (int, error) { return s.f.ReadAt(p, off) }

func (s *sizedFile) Read(p []byte) (int, error) {
	if s.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.f.Read(p)
	s.left -= int64(n)
	return n, err
}

func (s *sizedFile) Close() error { return s.f.Close() }

// specialReason names a file type that is never read, or returns "".
func specialReason(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "fifo"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	case m&fs.ModeSymlink != 0:
		return "symlink (use --follow-symlinks)"
	case m.IsDir():
		return "directory"
	}
	return "not a regular file"
}

// describeErr turns a file error into a short message naming the problem;
// the path is reported beside it.
func describeErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

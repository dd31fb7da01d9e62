package scanner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// errSkip carries the reason a file was not scanned on purpose.
type errSkip struct{ reason string }

func (e errSkip) Error() string { return e.reason }

// openRegular opens path for reading if, once open, it is a regular file
// within maxSize (0: no limit). It checks the opened file, not the path, so
// a file swapped for a FIFO or a device between walk and open is skipped,
// never read.
func openRegular(path string, maxSize int64) (*os.File, int64, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if reason := specialReason(fi.Mode()); reason != "" {
		f.Close()
		return nil, 0, errSkip{reason}
	}
	if maxSize > 0 && fi.Size() > maxSize {
		f.Close()
		return nil, 0, errSkip{fmt.Sprintf("too large (%d bytes > --max-file-size %d)", fi.Size(), maxSize)}
	}
	return f, fi.Size(), nil
}

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

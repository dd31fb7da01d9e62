//go:build unix

package scanner

import (
	"io"
	"io/fs"
	"syscall"
)

// rawFile reads a file through its descriptor with plain system calls.
// os.File costs more per file than a scan of a small file does: an extra
// fstat to decide whether the file can be polled, a finalizer, poller
// bookkeeping. A tree of small files is dominated by that cost.
type rawFile struct{ fd int }

// openFile opens path into f without blocking: if a path was swapped for a
// FIFO after the walk saw a regular file, opening it must not wait for a
// writer. It returns the opened file's mode and size, from the descriptor.
func openFile(path string, f *rawFile) (fs.FileMode, int64, error) {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = sysOpen(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC)
		return err
	})
	if err != nil {
		return 0, 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := retryEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		syscall.Close(fd)
		return 0, 0, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	f.fd = fd
	return unixMode(uint32(st.Mode)), st.Size, nil
}

func (f *rawFile) Read(p []byte) (int, error) {
	var n int
	err := retryEINTR(func() (err error) {
		n, err = syscall.Read(f.fd, p)
		return err
	})
	switch {
	case err != nil:
		return 0, &fs.PathError{Op: "read", Err: err}
	case n == 0 && len(p) > 0:
		return 0, io.EOF
	}
	return n, nil
}

// ReadAt reads at an offset without moving the file position, so that the
// segments of a large file can be read in parallel.
func (f *rawFile) ReadAt(p []byte, off int64) (int, error) {
	done := 0
	for done < len(p) {
		var n int
		err := retryEINTR(func() (err error) {
			n, err = syscall.Pread(f.fd, p[done:], off+int64(done))
			return err
		})
		switch {
		case err != nil:
			return done, &fs.PathError{Op: "read", Err: err}
		case n == 0:
			return done, io.EOF
		}
		done += n
	}
	return done, nil
}

func (f *rawFile) Close() error { return syscall.Close(f.fd) }

func retryEINTR(fn func() error) error {
	for {
		if err := fn(); err != syscall.EINTR {
			return err
		}
	}
}

// unixMode turns a stat mode into the fs.FileMode bits the scanner checks.
func unixMode(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFREG:
		return 0
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}

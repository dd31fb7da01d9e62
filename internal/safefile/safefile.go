// Package safefile writes the files cudoscan is asked to write (reports,
// baselines, hooks) without destroying what the path already names.
//
// A path is written only when it is new or an existing regular file. A
// symlink is refused (name its target to write there), and so are devices,
// FIFOs, sockets and directories: renaming over /dev/null as root would
// delete the device, and opening a FIFO for writing blocks forever. An
// existing file keeps its mode and its hard links.
package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is returned for a path that exists and is not a regular
// file.
var ErrNotRegular = errors.New("not a regular file")

// check returns what path names now: nil for a new path, its FileInfo for
// a regular file, or an error that says why it will not be written.
func check(path string) (fs.FileInfo, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		return nil, fmt.Errorf("%s: %w: a symlink (to %s); name the file it points to if you mean to write there", path, ErrNotRegular, target)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s: %w: %s; cudoscan writes only to a regular file or a new path", path, ErrNotRegular, kind(fi.Mode()))
	}
	return fi, nil
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Create opens path for writing a stream (a report), truncated. The file
// is written in place, so its mode and hard links stay as they were; a new
// file gets mode.
func Create(path string, mode fs.FileMode) (*os.File, error) {
	if _, err := check(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|noFollow, mode)
	if err != nil {
		return nil, err
	}
	// The path may have been swapped between the check and the open.
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s: %w: %s", path, ErrNotRegular, kind(fi.Mode()))
		}
		return nil, err
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// WriteAtomic replaces path with data once data is fully written, so that
// a reader sees the old content or the new, never half of it. An existing
// file keeps its mode; a new one gets mode. A file with other hard links is
// rewritten in place instead, so that the links keep sharing it.
func WriteAtomic(path string, data []byte, mode fs.FileMode) error {
	fi, err := check(path)
	if err != nil {
		return err
	}
	if fi != nil {
		mode = fi.Mode().Perm()
		if links(fi) > 1 {
			return writeInPlace(path, data)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".cudoscan-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	_, werr := tmp.Write(data)
	merr := tmp.Chmod(mode)
	cerr := tmp.Close()
	if err := errors.Join(werr, merr, cerr); err != nil {
		return err
	}
	// The check again, right before the rename: a path swapped for a
	// symlink or a device in the meantime is still not replaced.
	if _, err := check(path); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func writeInPlace(path string, data []byte) error {
	f, err := Create(path, 0)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	return errors.Join(werr, f.Close())
}

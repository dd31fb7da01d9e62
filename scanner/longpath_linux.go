//go:build linux

package scanner

import (
	"io/fs"
	"os"
	"strings"
	"syscall"
	"unsafe"
)

// Paths longer than PATH_MAX. The kernel refuses a path of PATH_MAX bytes
// or more (ENAMETOOLONG), but a tree can be deeper than that: 10,000
// nested directories make paths of 20,000 bytes. Such a path is opened
// piece by piece, each piece relative to the directory the previous one
// opened (openat), so that the scanner reads whatever the tree holds.
// Shorter paths, nearly all, take one plain system call as before.

const (
	pathMax = 4096 // PATH_MAX, terminating NUL included
	// pieceMax bounds each piece handed to openat, well under PATH_MAX.
	pieceMax = 2048
	atFDCWD  = -100     // AT_FDCWD: relative to the working directory
	oPath    = 0x200000 // O_PATH: a handle to walk through or fstat, never a read
)

// sysOpen is syscall.Open for paths of any length.
func sysOpen(path string, flags int) (int, error) {
	if len(path) < shortPath {
		return openShort(path, flags)
	}
	if len(path) < pathMax {
		return syscall.Open(path, flags, 0)
	}
	dir, rest, err := openParent(path)
	if err != nil {
		return -1, err
	}
	defer syscall.Close(dir)
	return syscall.Openat(dir, rest, flags, 0)
}

// shortPath bounds the paths openShort takes: nearly all.
const shortPath = 512

// openShort is syscall.Open for a path shorter than shortPath, spelled out
// to hand the kernel a NUL-terminated copy on the stack: syscall.Open
// allocates one on the heap, once for every file of a walk. (The pointer
// is passed as syscall.Fstat passes a Stat_t on its caller's stack: a
// goroutine's stack is never moved while it is in a system call.)
func openShort(path string, flags int) (int, error) {
	var buf [shortPath]byte
	if strings.IndexByte(path, 0) >= 0 {
		return -1, syscall.EINVAL // as syscall.Open says
	}
	copy(buf[:], path)
	dir := atFDCWD
	fd, _, errno := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(dir), uintptr(unsafe.Pointer(&buf[0])),
		uintptr(flags|syscall.O_LARGEFILE), 0, 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// openParent opens, piece by piece, a directory from which the rest of
// path is shorter than PATH_MAX, and returns it with that rest.
func openParent(path string) (dir int, rest string, err error) {
	dir, rest = atFDCWD, path
	for len(rest) >= pathMax {
		i := strings.LastIndexByte(rest[:pieceMax], '/')
		if i < 0 {
			err = syscall.ENAMETOOLONG // a single name longer than pieceMax
			break
		}
		piece := rest[:i]
		if i == 0 {
			piece = "/"
		}
		var fd int
		if fd, err = syscall.Openat(dir, piece, oPath|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0); err != nil {
			break
		}
		if dir != atFDCWD {
			syscall.Close(dir)
		}
		dir, rest = fd, strings.TrimLeft(rest[i:], "/")
	}
	if err != nil && dir != atFDCWD {
		syscall.Close(dir)
	}
	return dir, rest, err
}

// dirOpener lists directories for a depth-first walk, whatever the length
// of their paths. A long path opened from the working directory costs one
// lookup per name in it, so a walk 10,000 directories deep would cost
// 10,000 squared. The opener keeps handles on directories along the
// current path instead, one every anchorGap bytes past PATH_MAX, and opens
// each directory relative to the nearest: a few hundred lookups at most.
// Its zero value is ready to use; close releases the handles.
type dirOpener struct {
	anchors []anchor
	scratch dirScratch // for listDir
}

type anchor struct {
	path string
	fd   int
}

// anchorGap bounds the path from the nearest anchor to a directory.
const anchorGap = 256

// readDir lists a directory, sorted by name, whatever the length of its
// path.
func (o *dirOpener) readDir(path string) ([]dirEntry, error) {
	const flags = syscall.O_RDONLY | syscall.O_DIRECTORY | syscall.O_CLOEXEC
	var fd int
	var err error
	if len(path) < pathMax {
		err = retryEINTR(func() (err error) {
			fd, err = sysOpen(path, flags)
			return err
		})
	} else {
		fd, err = o.open(path)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	return listDir(fd, path, &o.scratch)
}

// open opens the directory at path, a long one, for listing.
func (o *dirOpener) open(path string) (int, error) {
	const flags = syscall.O_RDONLY | syscall.O_DIRECTORY | syscall.O_CLOEXEC
	// The walk left the directories of the anchors past the top one.
	for n := len(o.anchors); n > 0; n = len(o.anchors) {
		top := o.anchors[n-1]
		if len(path) > len(top.path) && strings.HasPrefix(path, top.path) && path[len(top.path)] == '/' {
			break
		}
		syscall.Close(top.fd)
		o.anchors = o.anchors[:n-1]
	}
	base, rest := atFDCWD, path
	if n := len(o.anchors); n > 0 {
		base, rest = o.anchors[n-1].fd, path[len(o.anchors[n-1].path)+1:]
	}
	if len(rest) >= anchorGap {
		// Anchor the parent, so that the next directories down open from
		// there.
		i := strings.LastIndexByte(rest, '/')
		if i > 0 {
			fd, err := openBelow(base, rest[:i])
			if err != nil {
				return -1, err
			}
			o.anchors = append(o.anchors, anchor{path[:len(path)-len(rest)+i], fd})
			base, rest = fd, rest[i+1:]
		}
	}
	return syscall.Openat(base, rest, flags, 0)
}

// openBelow opens the directory at rel below dir (a handle, or atFDCWD)
// for walking through, in pieces shorter than PATH_MAX.
func openBelow(dir int, rel string) (int, error) {
	fd, err := syscall.Openat(dir, rel, oPath|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != syscall.ENAMETOOLONG {
		return fd, err
	}
	parent, rest, err := openParent(rel)
	if err != nil {
		return -1, err
	}
	defer syscall.Close(parent)
	return syscall.Openat(parent, rest, oPath|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
}

// close releases the anchors.
func (o *dirOpener) close() {
	for _, a := range o.anchors {
		syscall.Close(a.fd)
	}
	o.anchors = nil
}

// statFollow is os.Stat for paths of any length: it follows symbolic
// links. A long path is opened with O_PATH, which never opens a device or
// waits for a FIFO's writer, and the handle is asked.
func statFollow(path string) (fs.FileInfo, error) {
	if len(path) < pathMax {
		return os.Stat(path)
	}
	fd, err := sysOpen(path, oPath|syscall.O_CLOEXEC)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	return f.Stat()
}

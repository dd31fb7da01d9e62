//go:build linux

package scanner

import (
	"encoding/binary"
	"io/fs"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// dirScratch is what listDir reads into, kept from one directory to the
// next.
type dirScratch struct {
	buf   []byte // getdents64's records
	names []byte // the names so far, end to end
	raws  []rawEntry
}

// rawEntry is a name listDir read: names[previous end:end].
type rawEntry struct {
	end int
	typ fs.FileMode
	ask bool // DT_UNKNOWN: fstatat decides
}

// listDir lists the directory open at fd (path names it in errors), sorted
// by name, with getdents64. os.ReadDir costs three allocations a
// name (the entry, its name, its interface); a walk of the Go source tree
// made a fifth of its allocations there. Here the names of a directory
// share one string, and the entries one slice. A name whose type the file
// system does not record (DT_UNKNOWN) is asked with fstatat, as os does.
func listDir(fd int, path string, sc *dirScratch) ([]dirEntry, error) {
	if sc.buf == nil {
		sc.buf = make([]byte, direntBuffer)
	}
	buf, names, raws := sc.buf, sc.names[:0], sc.raws[:0]
	var err error
	for {
		var n int
		err = retryEINTR(func() (err error) {
			n, err = syscall.ReadDirent(fd, buf)
			return err
		})
		if err != nil {
			err = &fs.PathError{Op: "readdirent", Path: path, Err: err}
			break
		}
		if n <= 0 {
			break
		}
		names, raws = parseDirents(buf[:n], names, raws)
	}
	sc.names, sc.raws = names, raws
	all := string(names)
	entries := make([]dirEntry, 0, len(raws))
	start := 0
	for _, r := range raws {
		d := dirEntry{name: all[start:r.end], typ: r.typ}
		start = r.end
		if r.ask {
			var st unix.Stat_t
			switch e := retryEINTR(func() error { return unix.Fstatat(fd, d.name, &st, unix.AT_SYMLINK_NOFOLLOW) }); {
			case e == syscall.ENOENT:
				continue // gone since it was listed: os.ReadDir drops it too
			case e == nil:
				d.typ = unixMode(uint32(st.Mode)) & fs.ModeType
			}
			// Not known to be anything else, it is tried as a file: the
			// worker checks what it opened (openRegular).
		}
		entries = append(entries, d)
	}
	slices.SortFunc(entries, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return entries, err
}

// parseDirents appends the names of the getdents64 records in rec, but
// "." and "..", to names, and their entries to raws.
func parseDirents(rec, names []byte, raws []rawEntry) ([]byte, []rawEntry) {
	for len(rec) >= direntNameOff {
		reclen := int(binary.NativeEndian.Uint16(rec[direntReclenOff:]))
		if reclen < direntNameOff || reclen > len(rec) {
			break // a damaged record: the kernel never writes one
		}
		name := rec[direntNameOff:reclen]
		if i := slices.Index(name, 0); i >= 0 {
			name = name[:i]
		}
		typ, ask := direntType(rec[direntTypeOff])
		rec = rec[reclen:]
		if len(name) == 0 || string(name) == "." || string(name) == ".." {
			continue
		}
		names = append(names, name...)
		raws = append(raws, rawEntry{end: len(names), typ: typ, ask: ask})
	}
	return names, raws
}

// direntBuffer is the size of the getdents64 buffer: most directories of a
// source tree are listed in one call (os uses 8 KiB).
const direntBuffer = 32 << 10

// The layout of struct linux_dirent64: d_ino (8 bytes), d_off (8),
// d_reclen (2), d_type (1), then the name, NUL-terminated.
const (
	direntReclenOff = 16
	direntTypeOff   = 18
	direntNameOff   = 19
)

// direntType turns a d_type into type bits, or says to ask (DT_UNKNOWN).
func direntType(t byte) (fs.FileMode, bool) {
	switch t {
	case syscall.DT_REG:
		return 0, false
	case syscall.DT_DIR:
		return fs.ModeDir, false
	case syscall.DT_LNK:
		return fs.ModeSymlink, false
	case syscall.DT_FIFO:
		return fs.ModeNamedPipe, false
	case syscall.DT_SOCK:
		return fs.ModeSocket, false
	case syscall.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, false
	case syscall.DT_BLK:
		return fs.ModeDevice, false
	case syscall.DT_UNKNOWN:
		return 0, true
	}
	return fs.ModeIrregular, false
}

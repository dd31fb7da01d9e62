//go:build unix

package scanner

import "syscall"

// fileID identifies a directory across the paths that reach it, so that a
// symlink loop is walked once.
type fileID struct{ dev, ino uint64 }

func idOf(p string) (fileID, bool) {
	fi, err := statFollow(p)
	if err != nil {
		return fileID{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), st.Ino}, true
}

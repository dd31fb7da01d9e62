//go:build !unix

package scanner

import "path/filepath"

// fileID identifies a directory by its resolved path where no inode exists.
type fileID struct{ path string }

func idOf(p string) (fileID, bool) {
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		return fileID{}, false
	}
	abs, err := filepath.Abs(r)
	return fileID{abs}, err == nil
}

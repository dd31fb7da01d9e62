package scanner

import "io/fs"

// dirEntry is one name in a directory listing, with its type bits (as
// fs.DirEntry.Type gives them: none for a regular file).
type dirEntry struct {
	name string
	typ  fs.FileMode
}

func (d dirEntry) isDir() bool { return d.typ.IsDir() }

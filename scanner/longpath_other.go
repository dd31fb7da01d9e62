//go:build !linux

package scanner

import (
	"io/fs"
	"os"
)

// dirOpener lists directories. Only Linux walks paths longer than
// PATH_MAX (longpath_linux.go); elsewhere they are reported as unreadable.
type dirOpener struct{}

// readDir lists a directory, sorted by name.
func (*dirOpener) readDir(path string) ([]dirEntry, error) {
	list, err := os.ReadDir(path)
	entries := make([]dirEntry, len(list))
	for i, d := range list {
		entries[i] = dirEntry{name: d.Name(), typ: d.Type()}
	}
	return entries, err
}

func (*dirOpener) close() {}

// statFollow is os.Stat.
func statFollow(path string) (fs.FileInfo, error) { return os.Stat(path) }

//go:build !unix

package scanner

import (
	"io/fs"
	"os"
)

type rawFile = os.File

func openFile(path string) (*rawFile, fs.FileMode, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, 0, err
	}
	return f, fi.Mode(), fi.Size(), nil
}

//go:build !unix

package scanner

import (
	"io/fs"
	"os"
)

// rawFile is an os.File here: the system calls of open_unix.go are Unix's.
type rawFile struct{ *os.File }

// openFile opens path into f and returns its mode and size.
func openFile(path string, f *rawFile) (fs.FileMode, int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return 0, 0, err
	}
	f.File = file
	return fi.Mode(), fi.Size(), nil
}

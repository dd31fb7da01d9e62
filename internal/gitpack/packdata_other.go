//go:build !unix

package gitpack

import "os"

// mapFile reads the file whole where mapping is not at hand.
func mapFile(name string) ([]byte, func() error, error) {
	b, err := os.ReadFile(name)
	return b, func() error { return nil }, err
}

func openPackData(name string) (packData, error) { return openFilePack(name) }

//go:build !unix

package gitpack

func openPackData(name string) (packData, error) { return openFilePack(name) }

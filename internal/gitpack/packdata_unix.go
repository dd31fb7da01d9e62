//go:build unix

package gitpack

import (
	"os"
	"syscall"
)

// mappedPack is a pack file mapped into memory, read-only, as git itself
// reads packs: an entry is inflated straight from the page cache, with no
// read call and no copy.
type mappedPack struct{ b []byte }

func openPackData(name string) (packData, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close() // the mapping outlives the descriptor
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() == 0 || int64(int(fi.Size())) != fi.Size() {
		return openFilePack(name) // nothing to map, or more than the address space
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return openFilePack(name)
	}
	return &mappedPack{b: b}, nil
}

func (m *mappedPack) len() uint64 { return uint64(len(m.b)) }

func (m *mappedPack) readAt(p []byte, off uint64) error {
	copy(p, m.b[off:])
	return nil
}

func (m *mappedPack) stream(off, end uint64) byteReader {
	return newSliceReader(m.b[off:end])
}

func (m *mappedPack) close() error { return syscall.Munmap(m.b) }

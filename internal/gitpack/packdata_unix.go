//go:build unix

package gitpack

import (
	"errors"
	"os"
	"syscall"
)

// mapFile maps a file into memory, read-only, as git itself reads packs
// and their indexes: an entry is inflated straight from the page cache,
// with no read call and no copy, and an index of millions of objects
// costs no heap. Access is guarded by the callers: a file cut short under
// the mapping faults (see Store.readPacked and Store.lookup).
func mapFile(name string) ([]byte, func() error, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close() // the mapping outlives the descriptor
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.Size() == 0 || int64(int(fi.Size())) != fi.Size() {
		return nil, nil, errors.New("nothing to map, or more than the address space")
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return syscall.Munmap(b) }, nil
}

// mappedPack is a pack file mapped into memory.
type mappedPack struct {
	b     []byte
	unmap func() error
}

func openPackData(name string) (packData, error) {
	b, unmap, err := mapFile(name)
	if err != nil {
		return openFilePack(name)
	}
	return &mappedPack{b: b, unmap: unmap}, nil
}

func (m *mappedPack) len() uint64 { return uint64(len(m.b)) }

func (m *mappedPack) readAt(p []byte, off uint64) error {
	copy(p, m.b[off:])
	return nil
}

func (m *mappedPack) stream(off, end uint64) byteReader {
	return newSliceReader(m.b[off:end])
}

func (m *mappedPack) view(off, end uint64) ([]byte, bool) { return m.b[off:end], true }

func (m *mappedPack) close() error { return m.unmap() }

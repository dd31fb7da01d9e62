package gitpack

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
)

// packData is how a pack's bytes are read: mapped where the system can
// (packdata_unix.go), read through the file elsewhere.
type packData interface {
	len() uint64
	// readAt fills p from off; the caller keeps off+len(p) within len().
	readAt(p []byte, off uint64) error
	// stream reads from off up to end.
	stream(off, end uint64) byteReader
	// view returns the bytes from off up to end without a copy, where
	// the pack is mapped.
	view(off, end uint64) ([]byte, bool)
	close() error
}

// byteReader is what compress/flate reads without buffering it again.
type byteReader interface {
	io.Reader
	io.ByteReader
}

func newSliceReader(b []byte) byteReader { return bytes.NewReader(b) }

// filePack reads a pack through its file: where mapping is not possible.
type filePack struct {
	f    *os.File
	size uint64
}

func openFilePack(name string) (packData, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &filePack{f: f, size: uint64(fi.Size())}, nil
}

func (p *filePack) len() uint64 { return p.size }

func (p *filePack) readAt(b []byte, off uint64) error {
	if _, err := p.f.ReadAt(b, int64(off)); err != nil {
		return fmt.Errorf("%s: %w", p.f.Name(), err)
	}
	return nil
}

// stream reads in small blocks: most entries are a few hundred bytes.
func (p *filePack) stream(off, end uint64) byteReader {
	return bufio.NewReaderSize(io.NewSectionReader(p.f, int64(off), int64(end-off)), 4096)
}

func (p *filePack) view(off, end uint64) ([]byte, bool) { return nil, false }

func (p *filePack) close() error { return p.f.Close() }

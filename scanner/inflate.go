package scanner

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"slices"
	"sync"

	"github.com/cudoscan/cudoscan/internal/inflate"
	"github.com/klauspost/compress/flate"
)

// The archives are inflated with klauspost's flate, the faster drop-in
// for compress/flate, as streams; a zip entry of known size up to wholeMax
// with internal/inflate, whole (openWhole), as the history scan's pack
// reader inflates its entries: a module cache is mostly zips, and
// inflating them is most of its scan.

// flateReaders keeps inflaters for reuse: their tables are large to set
// up, and a zip of many small files would set them up for each.
var flateReaders sync.Pool

// newFlateReader is the zip decompressor for method 8 (deflate).
func newFlateReader(r io.Reader) io.ReadCloser {
	fr, ok := flateReaders.Get().(io.ReadCloser)
	if ok {
		if err := fr.(flate.Resetter).Reset(r, nil); err != nil {
			fr = nil
		}
	}
	if fr == nil {
		fr = flate.NewReader(r)
	}
	return &pooledFlate{fr: fr}
}

// pooledFlate returns its inflater to the pool when closed. One entry is
// read by one goroutine: no lock.
type pooledFlate struct {
	fr io.ReadCloser
}

var errFlateClosed = errors.New("read after close")

func (p *pooledFlate) Read(b []byte) (int, error) {
	if p.fr == nil {
		return 0, errFlateClosed
	}
	return p.fr.Read(b)
}

func (p *pooledFlate) Close() error {
	if p.fr == nil {
		return nil
	}
	err := p.fr.Close()
	flateReaders.Put(p.fr)
	p.fr = nil
	return err
}

// wholeMax bounds the zip entries openWhole inflates at once: what fits a
// chunk, nearly every entry of a module cache's zips.
const wholeMax = 1 << 20

// wholeBuffers keeps openWhole's buffers between entries, each grown to
// the entries it held. (The chunk buffers' stack, whose buffers are all
// chunk-sized, was tried instead: more page faults, no time saved.)
var wholeBuffers = sync.Pool{New: func() any { return new(wholeEntry) }}

// wholeEntry is a zip entry inflated whole: its compressed bytes, and
// what they inflate to, read back by Read. Close gives the buffers back.
type wholeEntry struct {
	z, out []byte
	bytes.Reader
}

func (w *wholeEntry) Close() error {
	w.Reset(nil)
	wholeBuffers.Put(w)
	return nil
}

// openWhole inflates a deflated entry of known size up to wholeMax in one
// call, from its compressed bytes straight into a buffer (internal/inflate:
// about twice as fast as a streaming reader on source text), checks its
// CRC-32 as archive/zip does, and returns a reader over the result. It
// returns nil for any other entry, and for one whose bytes fail to read,
// inflate or check: archive/zip's streaming reader then reads it as
// before, scans what it can and reports the damage.
func openWhole(f *zip.File) io.ReadCloser {
	if f.Method != zip.Deflate || f.UncompressedSize64 > wholeMax || f.CompressedSize64 > wholeMax+wholeMax/8 {
		return nil
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil
	}
	w := wholeBuffers.Get().(*wholeEntry)
	w.z = slices.Grow(w.z[:0], int(f.CompressedSize64))[:f.CompressedSize64]
	w.out = slices.Grow(w.out[:0], int(f.UncompressedSize64))[:f.UncompressedSize64]
	if _, err := io.ReadFull(raw, w.z); err != nil || inflate.Into(w.out, w.z) != nil ||
		(f.CRC32 != 0 && crc32.ChecksumIEEE(w.out) != f.CRC32) {
		wholeBuffers.Put(w)
		return nil
	}
	w.Reset(w.out)
	return w
}

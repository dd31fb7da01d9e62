package scanner

import (
	"errors"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// The archives are inflated with klauspost's flate, the faster drop-in
// for compress/flate (the history scan's pack reader uses it too, see
// internal/gitpack): a module cache is mostly zips, and inflating them is
// most of its scan.

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

package gitpack

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"testing"
)

// slicePack is a pack held in memory, for the fuzz target.
type slicePack []byte

func (b slicePack) len() uint64                         { return uint64(len(b)) }
func (b slicePack) readAt(p []byte, off uint64) error   { copy(p, b[off:]); return nil }
func (b slicePack) stream(off, end uint64) byteReader   { return bytes.NewReader(b[off:end]) }
func (b slicePack) view(off, end uint64) ([]byte, bool) { return b[off:end], true }
func (b slicePack) close() error                        { return nil }

// onePack is a pack of the given entries' bytes, after the 12-byte
// header, with an index naming one object (all zeros) at offset at.
func onePack(entries []byte, at uint64) (*Store, *pack) {
	data := append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01"), entries...)
	data = append(data, make([]byte, 20)...) // the trailing checksum
	idx := &packIndex{hashLen: 20, count: 1, fanout: make([]byte, 1024), names: make([]byte, 20), offsets: binary.BigEndian.AppendUint32(nil, uint32(at))}
	for i := range 256 {
		binary.BigEndian.PutUint32(idx.fanout[i*4:], 1)
	}
	p := &pack{name: "fuzz.pack", index: idx, data: slicePack(data), size: uint64(len(data) - 20)}
	s := &Store{hashLen: 20, maxSize: 1 << 16, packs: []*pack{p}, cache: newBaseCache(1 << 20)}
	return s, p
}

func zlibOf(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// Whatever the bytes of a pack, reading an object from it returns an
// error or an object within the bound, and never panics or loops.
func FuzzReadEntry(f *testing.F) {
	blob := append([]byte{0x30 | 5}, zlibOf([]byte("hello"))...) // type 3, size 5
	f.Add(blob, uint64(12))
	// An offset delta on that blob, right after it.
	delta := deltaOf(5, 3, []byte{0x91, 1, 3})
	ofs := append([]byte{0x60 | byte(len(delta)), byte(len(blob))}, zlibOf(delta)...)
	f.Add(append(append([]byte{}, blob...), ofs...), uint64(12+len(blob)))
	// A delta whose base is itself.
	f.Add([]byte{0x61, 0x00}, uint64(12))
	f.Fuzz(func(t *testing.T, entries []byte, at uint64) {
		s, p := onePack(entries, at%uint64(len(entries)+13))
		typ, data, _, err := s.readPacked(p, mustOffset(t, p))
		if err == nil && (len(data) > 1<<16 || typeNames[typ] == "") {
			t.Fatalf("read a type %d of %d bytes", typ, len(data))
		}
	})
}

func mustOffset(t *testing.T, p *pack) uint64 {
	off, ok := p.index.offset(0)
	if !ok {
		t.Fatal("no offset")
	}
	return off
}

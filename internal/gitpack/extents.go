package gitpack

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"runtime/debug"
	"slices"
)

// extents are where each entry of a pack starts and ends, and the CRC-32
// the pack's index gives its bytes (header and zlib stream): what lets an
// entry be checked before it is inflated, as git checks an entry it copies
// from one pack to another, instead of after.
//
// zlib's own check is an Adler-32 of what the stream inflates to, in
// plain Go, over every byte of every blob: 4-6% of a history scan's CPU.
// A CRC-32 of the compressed bytes, with the CPU's carry-less multiply,
// costs a fraction of that, and catches the same damage before it is
// inflated.
type extents struct {
	starts []uint64 // entry starts in the pack, ascending; the pack's end last
	crcs   []uint32 // crcs[k]: of the entry at starts[k]
}

// findExtents finds the extents of the mapped packs, for inflate. A pack
// read through its file, an index that says two entries start at one
// place, or one cut short under its mapping, leaves the pack without:
// zlib checks its entries, as before.
func (s *Store) findExtents() {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { _ = recover() }()
	for _, p := range s.packs {
		if _, mapped := p.data.view(0, 0); !mapped || s.stop.Load() {
			continue
		}
		if e, err := newExtents(p); err == nil {
			p.extents.Store(e)
		}
	}
}

// newExtents sorts the entries of p by offset. Entries lie end to end
// from the pack's header to its trailing checksum; an index that gives
// two entries one offset, or one outside the pack, has none.
func newExtents(p *pack) (*extents, error) {
	x := p.index
	type at struct {
		off uint64
		crc uint32
	}
	all := make([]at, x.count)
	for i := range x.count {
		off, ok := x.offset(i)
		if !ok || off < 12 || off >= p.size {
			return nil, fmt.Errorf("an entry offset outside the pack")
		}
		all[i] = at{off, binary.BigEndian.Uint32(x.crcs[i*4:])}
	}
	slices.SortFunc(all, func(a, b at) int { return cmp.Compare(a.off, b.off) })
	e := &extents{starts: make([]uint64, 0, len(all)+1), crcs: make([]uint32, 0, len(all))}
	for i, a := range all {
		if i > 0 && a.off == all[i-1].off {
			return nil, errors.New("two entries at one offset")
		}
		e.starts = append(e.starts, a.off)
		e.crcs = append(e.crcs, a.crc)
	}
	e.starts = append(e.starts, p.size)
	return e, nil
}

// checked returns the compressed bytes of the entry at off, whose data
// (its zlib stream) starts at dataOff, once they match the index's CRC:
// the deflate stream inside the zlib one, without its two-byte header
// and its checksum.
func (e *extents) checked(p *pack, off, dataOff uint64) ([]byte, error) {
	k, found := slices.BinarySearch(e.starts[:len(e.starts)-1], off)
	if !found {
		return nil, fmt.Errorf("no entry of the index starts at %d", off)
	}
	b, ok := p.data.view(off, e.starts[k+1])
	if !ok {
		return nil, errors.New("the pack is not mapped")
	}
	if crc32.ChecksumIEEE(b) != e.crcs[k] {
		return nil, fmt.Errorf("entry at %d: its bytes do not match the CRC-32 of the index", off)
	}
	z := b[dataOff-off:]
	// CM 8 (deflate), no preset dictionary, the header's check; then at
	// least an empty block and the checksum.
	if len(z) < 2+1+4 || z[0]&0x0f != 8 || z[1]&0x20 != 0 || (uint16(z[0])<<8|uint16(z[1]))%31 != 0 {
		return nil, fmt.Errorf("entry data at %d: not a zlib stream", dataOff)
	}
	return z[2 : len(z)-4], nil
}

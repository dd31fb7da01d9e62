package gitpack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
)

// Object types as a pack's entries number them (5 is unused).
const (
	typeCommit   = 1
	typeTree     = 2
	typeBlob     = 3
	typeTag      = 4
	typeOfsDelta = 6
	typeRefDelta = 7
)

// typeNames are the names git gives the types, as cat-file prints them.
var typeNames = [...]string{typeCommit: "commit", typeTree: "tree", typeBlob: "blob", typeTag: "tag"}

// pack is one pack file and its index.
type pack struct {
	name       string // the pack file's path, for messages
	index      *packIndex
	unmapIndex func() error
	data       packData
	size       uint64                  // of the pack file, its trailing checksum left out
	extents    atomic.Pointer[extents] // nil until found, or when they cannot be
}

// entry is the header of one entry of a pack: what it holds, how large
// inflated, where its compressed bytes start, and for a delta where its
// base is.
type entry struct {
	typ     int
	size    uint64
	dataOff uint64 // start of the zlib stream
	baseOff uint64 // typeOfsDelta: the base's offset in the same pack
	baseOID []byte // typeRefDelta: the base's name
}

// openPack opens the pack file whose index is at idxPath.
func openPack(idxPath string, hashLen int) (*pack, error) {
	idxData, unmap, err := mapFile(idxPath)
	if err != nil {
		return nil, err
	}
	x, err := parseIndex(idxData, hashLen)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("%s: %w", idxPath, err)
	}
	name := strings.TrimSuffix(idxPath, ".idx") + ".pack"
	data, err := openPackData(name)
	if err != nil {
		unmap()
		return nil, err
	}
	p := &pack{name: name, index: x, unmapIndex: unmap, data: data}
	if err := p.checkHeader(); err != nil {
		p.close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

func (p *pack) close() error { return errors.Join(p.data.close(), p.unmapIndex()) }

// checkHeader checks the pack's 12-byte header, PACK, its version (2 or
// 3) and its object count, which must be the index's.
func (p *pack) checkHeader() error {
	n := p.data.len()
	if n < 12+uint64(p.index.hashLen) {
		return errors.New("pack too short")
	}
	p.size = n - uint64(p.index.hashLen)
	var h [12]byte
	if err := p.data.readAt(h[:], 0); err != nil {
		return err
	}
	if !bytes.Equal(h[:4], []byte("PACK")) {
		return errors.New("not a pack file")
	}
	if v := binary.BigEndian.Uint32(h[4:8]); v != 2 && v != 3 {
		return fmt.Errorf("pack version %d", v)
	}
	if c := binary.BigEndian.Uint32(h[8:12]); int(c) != p.index.count {
		return fmt.Errorf("pack holds %d objects, its index %d", c, p.index.count)
	}
	return nil
}

// maxEntryHeader is the most bytes an entry's header can take: a type and
// size of up to 10 bytes, then a base offset of up to 10 or a base name.
const maxEntryHeader = 20 + 64

// entryAt reads the header of the entry at off.
func (p *pack) entryAt(off uint64) (entry, error) {
	if off < 12 || off >= p.size {
		return entry{}, fmt.Errorf("entry offset %d outside the pack", off)
	}
	var buf [maxEntryHeader]byte
	n := min(uint64(len(buf)), p.size-off)
	if err := p.data.readAt(buf[:n], off); err != nil {
		return entry{}, err
	}
	h := buf[:n]
	e := entry{typ: int(h[0]>>4) & 7, size: uint64(h[0] & 0x0f)}
	i, shift := 1, 4
	for c := h[0]; c&0x80 != 0; i++ {
		if i >= len(h) || shift > 57 {
			return entry{}, fmt.Errorf("entry at %d: size not ended", off)
		}
		c = h[i]
		e.size |= uint64(c&0x7f) << shift
		shift += 7
	}
	switch e.typ {
	case typeCommit, typeTree, typeBlob, typeTag:
	case typeOfsDelta:
		// A base offset, back from this entry: 7 bits a byte, most
		// significant first, each continuation adding one (so that
		// every value has one encoding).
		var back uint64
		for j := 0; ; j++ {
			if i >= len(h) || j >= 9 {
				return entry{}, fmt.Errorf("entry at %d: base offset not ended", off)
			}
			c := h[i]
			i++
			back = back<<7 | uint64(c&0x7f)
			if c&0x80 == 0 {
				break
			}
			back++
		}
		if back == 0 || back > off {
			return entry{}, fmt.Errorf("entry at %d: base offset %d outside the pack", off, back)
		}
		e.baseOff = off - back
	case typeRefDelta:
		hl := p.index.hashLen
		if i+hl > len(h) {
			return entry{}, fmt.Errorf("entry at %d: base name cut short", off)
		}
		e.baseOID = bytes.Clone(h[i : i+hl])
		i += hl
	default:
		return entry{}, fmt.Errorf("entry at %d: unknown type %d", off, e.typ)
	}
	e.dataOff = off + uint64(i)
	return e, nil
}

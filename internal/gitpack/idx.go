package gitpack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// idxMagic starts a pack index of version 2 or later; version 1 has no
// header and starts with its fan-out table.
var idxMagic = []byte{0xff, 't', 'O', 'c'}

// packIndex is a parsed pack index (version 2): object names sorted, and
// for each the offset of its entry in the pack.
//
// Layout: magic, version, a fan-out table of 256 counts (how many names
// start with a byte up to i), the names, a CRC-32 per object, a 4-byte
// offset per object (its top bit set: an index into the 8-byte offsets
// that follow, for packs over 2 GiB), the pack's checksum, its own.
type packIndex struct {
	hashLen int
	count   int
	fanout  []byte // 256 big-endian uint32
	names   []byte // count * hashLen
	crcs    []byte // count * 4: big-endian CRC-32s of the entries' bytes
	offsets []byte // count * 4
	large   []byte // 8 bytes each
}

// parseIndex checks the layout of an index file's bytes and returns it.
// data is kept, not copied.
func parseIndex(data []byte, hashLen int) (*packIndex, error) {
	if len(data) < 8 || !bytes.Equal(data[:4], idxMagic) {
		return nil, errVersion1
	}
	if v := binary.BigEndian.Uint32(data[4:8]); v != 2 {
		return nil, fmt.Errorf("pack index version %d", v)
	}
	const fanoutLen = 256 * 4
	rest := data[8:]
	if len(rest) < fanoutLen {
		return nil, errors.New("pack index too short for its fan-out table")
	}
	x := &packIndex{hashLen: hashLen, fanout: rest[:fanoutLen]}
	prev := uint32(0)
	for i := range 256 {
		n := binary.BigEndian.Uint32(x.fanout[i*4:])
		if n < prev {
			return nil, errors.New("pack index fan-out table not sorted")
		}
		prev = n
	}
	x.count = int(prev)
	rest = rest[fanoutLen:]
	// names, CRCs, offsets, and two checksums at least.
	need := uint64(x.count)*uint64(hashLen+4+4) + 2*uint64(hashLen)
	if uint64(len(rest)) < need {
		return nil, fmt.Errorf("pack index too short for its %d objects", x.count)
	}
	x.names = rest[:x.count*hashLen]
	x.crcs = rest[x.count*hashLen : x.count*hashLen+x.count*4]
	rest = rest[x.count*hashLen+x.count*4:]
	x.offsets = rest[:x.count*4]
	x.large = rest[x.count*4 : len(rest)-2*hashLen]
	if len(x.large)%8 != 0 {
		return nil, errors.New("pack index has a torn table of large offsets")
	}
	return x, nil
}

// errVersion1 is an index of version 1, which git has not written since
// 2008 unless asked: such a pack is left to git.
var errVersion1 = errors.New("pack index version 1")

// find returns the pack offset of the object named oid, and whether the
// index holds it.
func (x *packIndex) find(oid []byte) (uint64, bool) {
	if len(oid) != x.hashLen {
		return 0, false
	}
	lo := 0
	if oid[0] > 0 {
		lo = int(binary.BigEndian.Uint32(x.fanout[(int(oid[0])-1)*4:]))
	}
	hi := int(binary.BigEndian.Uint32(x.fanout[int(oid[0])*4:]))
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(x.names[mid*x.hashLen:(mid+1)*x.hashLen], oid); {
		case c == 0:
			return x.offset(mid)
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}

// offset returns the pack offset of the i-th object; false when the index
// points outside its own table of large offsets.
func (x *packIndex) offset(i int) (uint64, bool) {
	off := binary.BigEndian.Uint32(x.offsets[i*4:])
	if off&0x80000000 == 0 {
		return uint64(off), true
	}
	j := int(off & 0x7fffffff)
	if j >= len(x.large)/8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(x.large[j*8:]), true
}

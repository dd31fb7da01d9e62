package gitpack

import (
	"errors"
	"fmt"
)

// applyDelta builds an object from its base and a delta, git's format: the
// base's size and the result's, as varints, then instructions. An
// instruction with its top bit set copies a range of the base (the low
// four bits say which offset bytes follow, the next three which size
// bytes; a size of 0 means 64 KiB); any other, 1 to 127, inserts that many
// bytes of the delta itself. 0 is reserved.
//
// maxSize bounds the result, so that a delta cannot make us allocate what
// its header claims. The result is built in get(its size) (make, when get
// is nil), which it overwrites whole unless it fails.
func applyDelta(base, delta []byte, maxSize int64, get func(n int) []byte) ([]byte, error) {
	srcSize, delta, err := deltaVarint(delta)
	if err != nil {
		return nil, err
	}
	if srcSize != uint64(len(base)) {
		return nil, fmt.Errorf("delta for a base of %d bytes applied to one of %d", srcSize, len(base))
	}
	dstSize, delta, err := deltaVarint(delta)
	if err != nil {
		return nil, err
	}
	if dstSize > uint64(maxSize) {
		return nil, fmt.Errorf("%w: a delta's result of %d bytes", ErrTooLarge, dstSize)
	}
	var out []byte
	if get != nil {
		out = get(int(dstSize))[:0]
	} else {
		out = make([]byte, 0, dstSize)
	}
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			off, rest, err := copyField(op, 0, 4, delta)
			if err != nil {
				return nil, err
			}
			size, rest, err := copyField(op, 4, 3, rest)
			if err != nil {
				return nil, err
			}
			delta = rest
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || uint64(len(out))+size > dstSize {
				return nil, errors.New("delta copies from outside its base or past its result")
			}
			out = append(out, base[off:off+size]...)
		case op != 0:
			n := int(op)
			if n > len(delta) || uint64(len(out)+n) > dstSize {
				return nil, errTruncatedDelta
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errors.New("delta holds the reserved instruction 0")
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, fmt.Errorf("delta built %d bytes where it said %d", len(out), dstSize)
	}
	return out, nil
}

// copyField reads a copy instruction's offset (bits 0-3 of op) or size
// (bits 4-6): for each of the n bits from first that is set, one byte,
// least significant first.
func copyField(op byte, first, n int, delta []byte) (uint64, []byte, error) {
	var v uint64
	for i := range n {
		if op&(1<<(first+i)) != 0 {
			if len(delta) == 0 {
				return 0, nil, errTruncatedDelta
			}
			v |= uint64(delta[0]) << (8 * i)
			delta = delta[1:]
		}
	}
	return v, delta, nil
}

var errTruncatedDelta = errors.New("delta ends inside an instruction or past its result")

// deltaVarint reads a size at the start of a delta: 7 bits a byte, least
// significant first, the top bit saying another byte follows.
func deltaVarint(b []byte) (uint64, []byte, error) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, b[i+1:], nil
		}
	}
	return 0, nil, errors.New("delta size not ended")
}

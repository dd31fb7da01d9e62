// Package inflate decompresses a raw DEFLATE stream (RFC 1951) whose
// decompressed size is known, from one buffer into another: a git pack
// entry, whose header gives its size.
//
// A streaming decompressor (compress/flate, klauspost/compress/flate)
// decodes into a 32 KiB window and copies out of it at every read, and
// checks at every symbol where it stands in the window and the reader.
// Here the output buffer is the window: a match copies within it (a short
// one a word at a time), and the decoding loop refills its 64-bit bit
// buffer once a symbol, eight bytes a load while eight are left. On the
// fast-import history of the benchmarks inflating is most of the scan's
// time (see docs/benchmarks.md).
package inflate

import (
	"encoding/binary"
	"errors"
	"sync"
)

// Errors. Each says the stream is not what a pack entry must hold; none
// is a partial result.
var (
	ErrCorrupt  = errors.New("inflate: invalid deflate data")
	ErrTooShort = errors.New("inflate: the data ends before its size")
	ErrTooLong  = errors.New("inflate: the data holds more than its size")
)

// Into decompresses the raw DEFLATE stream src into dst, which it must
// fill exactly: ErrTooShort if the stream ends first, ErrTooLong if it
// holds more, ErrCorrupt if it is no valid stream (or src ends in the
// middle of it). Bytes of src after the stream's last block are ignored,
// as zlib ignores them. It is safe for concurrent use; dst is written
// whatever the result.
func Into(dst, src []byte) (err error) {
	d := decoders.Get().(*decoder)
	defer func() {
		d.in, d.out = nil, nil // a pooled decoder holds no caller's buffer
		decoders.Put(d)
	}()
	// Every index is checked, and FuzzInto finds none out of range; were
	// one, a hostile pack would cost its entry, not the scan.
	defer func() {
		if recover() != nil {
			err = ErrCorrupt
		}
	}()
	d.reset(dst, src)
	return d.run()
}

// decoders keeps decoders, for their tables, between calls.
var decoders = sync.Pool{New: func() any { return new(decoder) }}

type decoder struct {
	in   []byte
	ip   int    // next byte of in to load; past len(in) when zeros were loaded
	bits uint64 // loaded bits, the next one lowest; above nb, in's next bits or zero
	nb   uint   // how many of bits are loaded
	out  []byte
	op   int

	lit, dist, codeLen []entry // the tables of the block being decoded
	lengths            [286 + 32]uint8
}

func (d *decoder) reset(dst, src []byte) {
	d.in, d.ip, d.bits, d.nb, d.out, d.op = src, 0, 0, 0, dst, 0
}

// refill loads bits until at least 56 are loaded. Past the end of in it
// loads zeros, so that a symbol may be looked up before its bits are known
// to be there; a stream that consumes them is cut short (overrun), which
// every end of block, and the next block's header, checks. Zeros cannot
// decode forever: each symbol writes output or ends a block, and the
// output is bounded.
func (d *decoder) refill() {
	if d.ip+8 <= len(d.in) {
		d.bits |= binary.LittleEndian.Uint64(d.in[d.ip:]) << d.nb
		d.ip += int(63-d.nb) >> 3
		d.nb |= 56
		return
	}
	d.bits, d.nb, d.ip = refillSlow(d.in, d.ip, d.bits, d.nb)
}

// overrun reports whether more bits were consumed than in holds.
func (d *decoder) overrun() bool { return d.ip-int(d.nb>>3) > len(d.in) }

// take consumes and returns the next n bits (n ≤ 32; at least n loaded).
func (d *decoder) take(n uint) uint32 {
	v := uint32(d.bits & (1<<n - 1))
	d.bits >>= n
	d.nb -= n
	return v
}

func (d *decoder) run() error {
	for {
		d.refill()
		if d.overrun() {
			return ErrCorrupt
		}
		final := d.take(1)
		var err error
		switch d.take(2) {
		case 0:
			err = d.stored()
		case 1:
			err = d.block(fixedLit, fixedDist)
		case 2:
			if err = d.dynamic(); err == nil {
				err = d.block(d.lit, d.dist)
			}
		default:
			return ErrCorrupt
		}
		if err != nil {
			return err
		}
		if final == 1 {
			if d.op != len(d.out) {
				return ErrTooShort
			}
			return nil
		}
	}
}

// stored copies a stored block: to a byte boundary, LEN, NLEN, LEN bytes.
func (d *decoder) stored() error {
	d.take(d.nb & 7)
	pos := d.ip - int(d.nb>>3) // the bytes loaded and not consumed are read again from in
	d.bits, d.nb, d.ip = 0, 0, pos
	if pos+4 > len(d.in) {
		return ErrCorrupt
	}
	n := int(binary.LittleEndian.Uint16(d.in[pos:]))
	if uint16(n) != ^binary.LittleEndian.Uint16(d.in[pos+2:]) {
		return ErrCorrupt
	}
	pos += 4
	switch {
	case pos+n > len(d.in):
		return ErrCorrupt
	case d.op+n > len(d.out):
		return ErrTooLong
	}
	copy(d.out[d.op:], d.in[pos:pos+n])
	d.op += n
	d.ip = pos + n
	return nil
}

// codeLenOrder is the order of the code length code's lengths.
var codeLenOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads a dynamic block's header and builds its tables.
func (d *decoder) dynamic() error {
	d.refill()
	nlit, ndist, nclen := int(d.take(5))+257, int(d.take(5))+1, int(d.take(4))+4
	if nlit > 286 || ndist > 30 {
		return ErrCorrupt
	}
	var clen [19]uint8
	for i := range nclen {
		if d.nb < 3 {
			d.refill()
		}
		clen[codeLenOrder[i]] = uint8(d.take(3))
	}
	if !build(&d.codeLen, clen[:], 7, codeLenEntry) {
		return ErrCorrupt
	}
	lengths := d.lengths[:nlit+ndist]
	for i := 0; i < len(lengths); {
		d.refill()
		if d.overrun() {
			return ErrCorrupt
		}
		e := d.codeLen[d.bits&(1<<7-1)]
		if e.kind() == kindInvalid {
			return ErrCorrupt
		}
		d.take(e.consume())
		sym := e.value()
		if sym < 16 {
			lengths[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return ErrCorrupt
			}
			rep, val = 3+int(d.take(2)), lengths[i-1]
		case 17:
			rep = 3 + int(d.take(3))
		default:
			rep = 11 + int(d.take(7))
		}
		if i+rep > len(lengths) {
			return ErrCorrupt
		}
		for range rep {
			lengths[i] = val
			i++
		}
	}
	if d.overrun() || lengths[256] == 0 {
		return ErrCorrupt // a block with no end of block code
	}
	if !build(&d.lit, lengths[:nlit], litRoot, litEntry) || !build(&d.dist, lengths[nlit:], distRoot, distEntry) {
		return ErrCorrupt
	}
	return nil
}

// block decodes a Huffman-coded block with the tables lit and dist. The
// decoder's state is held in locals while it runs, for the registers.
func (d *decoder) block(lit, dist []entry) error {
	in, ip, bits, nb := d.in, d.ip, d.bits, d.nb
	out, op := d.out, d.op
	litRootTab := (*[1 << litRoot]entry)(lit)
	distRootTab := (*[1 << distRoot]entry)(dist)
	err := ErrCorrupt
	for {
		// One refill is enough for a whole symbol: a length code of 15
		// bits and 5 extra, a distance of 15 and 13: 48 of the 56. The
		// fast path is refill's, written out on the locals: through a
		// function returning them, BenchmarkInto was 2-3% slower.
		if ip+8 <= len(in) {
			bits |= binary.LittleEndian.Uint64(in[ip:]) << nb
			ip += int(63-nb) >> 3
			nb |= 56
		} else {
			bits, nb, ip = refillSlow(in, ip, bits, nb)
		}
		e := litRootTab[bits&(1<<litRoot-1)]
		if e&kindMask == kindLiteral {
			// Literals come in runs: up to three a refill (45 bits),
			// written out: as a loop of three, BenchmarkInto was 4-7%
			// slower.
			bits >>= e & 0xf
			nb -= uint(e & 0xf)
			if op >= len(out) {
				err = ErrTooLong
				break
			}
			out[op] = byte(e >> 16)
			op++
			e = litRootTab[bits&(1<<litRoot-1)]
			if e&kindMask != kindLiteral {
				goto symbol
			}
			bits >>= e & 0xf
			nb -= uint(e & 0xf)
			if op >= len(out) {
				err = ErrTooLong
				break
			}
			out[op] = byte(e >> 16)
			op++
			e = litRootTab[bits&(1<<litRoot-1)]
			if e&kindMask != kindLiteral {
				goto symbol
			}
			bits >>= e & 0xf
			nb -= uint(e & 0xf)
			if op >= len(out) {
				err = ErrTooLong
				break
			}
			out[op] = byte(e >> 16)
			op++
			continue
		}
	symbol:
		if e&kindMask == kindLink {
			bits >>= litRoot
			nb -= litRoot
			e = lit[e.value()+int(bits&(1<<e.extra()-1))]
		}
		bits >>= e & 0xf
		nb -= uint(e & 0xf)
		switch e & kindMask {
		case kindLiteral:
			if op >= len(out) {
				err = ErrTooLong
				goto done
			}
			out[op] = byte(e >> 16)
			op++
			continue
		case kindEnd:
			err = nil
			goto done
		case kindLength:
		default:
			goto done
		}
		n := e.value() + int(bits&(1<<e.extra()-1))
		bits >>= e.extra()
		nb -= e.extra()
		e = distRootTab[bits&(1<<distRoot-1)]
		if e&kindMask == kindLink {
			bits >>= distRoot
			nb -= distRoot
			e = dist[e.value()+int(bits&(1<<e.extra()-1))]
		}
		if e&kindMask != kindLength {
			goto done
		}
		bits >>= e & 0xf
		nb -= uint(e & 0xf)
		back := e.value() + int(bits&(1<<e.extra()-1))
		bits >>= e.extra()
		nb -= e.extra()
		switch {
		case back > op:
			goto done // before the start of the output
		case n > len(out)-op:
			err = ErrTooLong
			goto done
		}
		if back >= 8 && n <= 32 && len(out)-op >= 40 {
			// A short match, eight bytes at a time (a call to memmove
			// costs more): each word is read from what was written
			// before it, back being at least 8; the words may write up
			// to 7 bytes past the match, which the output overwrites
			// later, and the 40 bytes of room keep them within it.
			from := op - back
			for k := 0; k < n; k += 8 {
				binary.LittleEndian.PutUint64(out[op+k:], binary.LittleEndian.Uint64(out[from+k:]))
			}
			op += n
			continue
		}
		if back >= n {
			copy(out[op:op+n], out[op-back:])
			op += n
			continue
		}
		// The match overlaps what it copies: a run of period back.
		end, from := op+n, op-back
		for op < end {
			op += copy(out[op:end], out[from:op])
		}
	}
done:
	d.ip, d.bits, d.nb, d.op = ip, bits, nb, op
	if d.overrun() {
		return ErrCorrupt // whatever the result, it was read from past the end
	}
	return err
}

// refillSlow is refill near the end of the input, on the state it is
// given and returns.
func refillSlow(in []byte, ip int, bits uint64, nb uint) (uint64, uint, int) {
	for nb <= 56 {
		if ip < len(in) {
			bits |= uint64(in[ip]) << nb
		}
		ip++
		nb += 8
	}
	return bits, nb, ip
}

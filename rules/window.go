package rules

import (
	"encoding/binary"
	"math/bits"
)

// Context windows, in bytes. Windows are bounded in bytes, not lines, so a
// minified file with one 50 MB line costs the same per candidate as any other.
const (
	// windowBefore and windowAfter bound where a CUDO mention makes a
	// generic name (api_key, token) CUDO context.
	windowBefore = 1024
	windowAfter  = 512
	// namesBack bounds how far back on a line the name of a value is sought.
	namesBack = 256
	// ContextReach is how far any rule looks around a candidate. Drivers that
	// feed the core in chunks overlap them by at least this much.
	ContextReach = windowBefore + namesBack + KeyLen
)

// window is a byte range of the buffer around a candidate.
type window struct{ lo, hi int }

func around(n, start, end int) window {
	return window{max(0, start-windowBefore), min(n, end+windowAfter)}
}

// lineStart returns the offset where the line holding pos starts, looking
// back at most limit bytes (it returns pos-limit when the line is longer).
// \n, \r\n and a lone \r all end lines.
//
// It runs for every candidate key, and lines in logs and minified files
// are long: eight bytes are tested at a time, for either break, exactly.
func lineStart(src []byte, pos, limit int) int {
	lo := max(0, pos-limit)
	i := pos
	for ; i-8 >= lo; i -= 8 {
		x := binary.LittleEndian.Uint64(src[i-8 : i])
		if m := byteMask(x, '\n') | byteMask(x, '\r'); m != 0 {
			return i - 8 + (63-bits.LeadingZeros64(m))/8 + 1
		}
	}
	for i--; i >= lo; i-- {
		if src[i] == '\n' || src[i] == '\r' {
			return i + 1
		}
	}
	return lo
}

// byteMask returns the high bit of each byte of x that equals c, and no
// other bit. Unlike the usual zero-byte test, no borrow crosses bytes, so
// every bit is exact and the highest one can be trusted.
func byteMask(x uint64, c byte) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	y := x ^ (lowBits * uint64(c)) // zero bytes where x has c
	return ^((y & low7) + low7 | y) & highBits
}

// lineEnd returns the offset of the line break ending the line holding pos,
// looking ahead at most limit bytes.
func lineEnd(src []byte, pos, limit int) int {
	hi := min(len(src), pos+limit)
	for i := pos; i < hi; i++ {
		if src[i] == '\n' || src[i] == '\r' {
			return i
		}
	}
	return hi
}

// prevLineStart returns the start of the line before the one starting at ls,
// or -1 when ls is the first line.
func prevLineStart(src []byte, ls, limit int) (start, end int) {
	if ls == 0 {
		return -1, -1
	}
	end = ls - 1
	if end > 0 && src[end] == '\n' && src[end-1] == '\r' {
		end--
	}
	return lineStart(src, end, limit), end
}

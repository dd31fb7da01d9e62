package inflate

import "math/bits"

// A decoding table maps the next bits of the stream (least significant
// first, as DEFLATE packs its codes) to an entry. Codes up to the table's
// root bits are found in one look-up; a longer code finds, at its first
// root bits, a link to a second-level table indexed by the bits after
// them. An entry packs:
//
//	bits  0-3:  the bits to consume: the code's length (past the root
//	            bits, in a second-level table), or the root bits for a link
//	bits  4-7:  the extra bits that follow the code (a length or distance)
//	bits  8-11: the kind: literal, length, end of block, link, invalid
//	bits 16-31: the value: the literal byte, the base length or distance,
//	            or for a link the second-level table's offset, with its
//	            index bits in bits 4-7
type entry uint32

const (
	kindLiteral = 1 << 8
	kindLength  = 2 << 8
	kindEnd     = 3 << 8
	kindLink    = 4 << 8
	kindInvalid = 0 // an entry no complete code reaches
	kindMask    = 0xf << 8
)

func (e entry) consume() uint { return uint(e & 0xf) }
func (e entry) extra() uint   { return uint(e>>4) & 0xf }
func (e entry) kind() entry   { return e & kindMask }
func (e entry) value() int    { return int(e >> 16) }

const (
	litRoot  = 10 // root bits of the literal/length table
	distRoot = 8  // of the distance table
	maxBits  = 15 // DEFLATE's longest code
)

// The base and extra bits of the length symbols 257-285 and the distance
// symbols 0-29 (RFC 1951, 3.2.5).
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// litEntry is the entry of literal/length symbol sym, a code of n bits.
func litEntry(sym int, n uint) entry {
	switch {
	case sym < 256:
		return entry(sym)<<16 | kindLiteral | entry(n)
	case sym == 256:
		return kindEnd | entry(n)
	case sym < 286:
		i := sym - 257
		return entry(lengthBase[i])<<16 | entry(lengthExtra[i])<<4 | kindLength | entry(n)
	}
	return kindInvalid // 286 and 287: in the fixed code, never valid
}

// distEntry is the entry of distance symbol sym, a code of n bits.
func distEntry(sym int, n uint) entry {
	if sym < 30 {
		return entry(distBase[sym])<<16 | entry(distExtra[sym])<<4 | kindLength | entry(n)
	}
	return kindInvalid // 30 and 31: in the fixed code, never valid
}

// codeLenEntry is the entry of code-length symbol sym (0-18).
func codeLenEntry(sym int, n uint) entry { return entry(sym)<<16 | kindLiteral | entry(n) }

// build fills t, from scratch, with the table of the canonical Huffman code
// whose code lengths are lengths (0: the symbol is not used), root bits
// deep. It reports false for lengths that make no valid code: more codes
// of a length than fit, or too few to be complete, which DEFLATE allows
// only for a code of one symbol, one bit long (zlib does the same).
func build(t *[]entry, lengths []uint8, root uint, mk func(sym int, n uint) entry) bool {
	var count [maxBits + 1]int
	maxLen := uint(0)
	for _, n := range lengths {
		count[n]++
		if uint(n) > maxLen {
			maxLen = uint(n)
		}
	}
	count[0] = 0
	left := 1
	for n := 1; n <= maxBits; n++ {
		left = left<<1 - count[n]
		if left < 0 {
			return false // over-subscribed
		}
	}
	if left > 0 && maxLen > 1 {
		return false // incomplete
	}
	// The first code of each length (RFC 1951, 3.2.2).
	var next [maxBits + 2]uint32
	code := uint32(0)
	for n := 1; n <= maxBits; n++ {
		code = (code + uint32(count[n-1])) << 1
		next[n] = code
	}
	size := 1 << root
	tab := (*t)[:0]
	tab = append(tab, make([]entry, size)...) // zero: kindInvalid
	// The second-level tables: one per root prefix of the longer codes,
	// as deep as the longest code under it.
	var codes [288]uint32 // each symbol's code, bits reversed
	var subBits [1 << litRoot]uint8
	var prefixes [288]uint16 // the root prefixes with a second level, in the order found: at most one a symbol
	nprefix := 0
	for sym, n := range lengths {
		if n == 0 {
			continue
		}
		codes[sym] = reverse(next[n], uint(n))
		next[n]++
		if uint(n) > root {
			p := codes[sym] & (1<<root - 1)
			if subBits[p] == 0 {
				prefixes[nprefix] = uint16(p)
				nprefix++
			}
			subBits[p] = max(subBits[p], n-uint8(root))
		}
	}
	for _, p := range prefixes[:nprefix] {
		b := subBits[p]
		tab[p] = entry(len(tab))<<16 | entry(b)<<4 | kindLink | entry(root)
		tab = append(tab, make([]entry, 1<<b)...)
	}
	for sym, n := range lengths {
		if n == 0 {
			continue
		}
		r := codes[sym]
		if uint(n) <= root {
			e := mk(sym, uint(n))
			for i := int(r); i < size; i += 1 << n {
				tab[i] = e
			}
			continue
		}
		link := tab[r&(1<<root-1)]
		base, b, rest := link.value(), link.extra(), uint(n)-root
		e := mk(sym, rest)
		for i := int(r >> root); i < 1<<b; i += 1 << rest {
			tab[base+i] = e
		}
	}
	*t = tab
	return true
}

// reverse reverses the n low bits of c (n ≤ 16).
func reverse(c uint32, n uint) uint32 { return uint32(bits.Reverse16(uint16(c))) >> (16 - n) }

// The fixed code's tables (RFC 1951, 3.2.6), built once.
var fixedLit, fixedDist []entry

func init() {
	var lengths [288]uint8
	for i := range lengths {
		switch {
		case i < 144:
			lengths[i] = 8
		case i < 256:
			lengths[i] = 9
		case i < 280:
			lengths[i] = 7
		default:
			lengths[i] = 8
		}
	}
	build(&fixedLit, lengths[:], litRoot, litEntry)
	var dist [32]uint8
	for i := range dist {
		dist[i] = 5
	}
	build(&fixedDist, dist[:], distRoot, distEntry)
}

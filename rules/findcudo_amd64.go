//go:build !purego

package rules

import "golang.org/x/sys/cpu"

// Every byte of every file goes through the searches for "cudo" and for
// "ck_", so on amd64 they run 16 positions at a time with SSE2, which
// every amd64 CPU has. Build with -tags purego to use the portable
// searches everywhere.

// indexMasked4 returns the offset of the first i before checked where
// src[i+k]|fold[k] == pat[k] for k = 0..3 (fold and pat taken byte by
// byte, little-endian), or -1 when there is none; checked is where the
// search stopped: every start before it was tested, and fewer than 19
// bytes are left after it.
//
// Each block of 16 starts is unaligned loads at offsets 0 to 3, each ORed
// with its fold byte and compared with its pattern byte; the AND of the
// compares marks the starts that match. Offsets 1 and 2 are tested first
// ("ud" of "cudo", "k_" of "ck_" are rare pairs), offsets 0 and 3 only in
// a block where the pair is. A fold of 0x20 makes a letter's compare
// case-blind (exact for c, u, d, o, k); a fold and a pattern of 0xff match
// any byte.
//
//go:noescape
func indexMasked4(src []byte, pat, fold uint32) (found, checked int)

// indexMasked4AVX2 is indexMasked4 for 32 starts at a time; it stops
// with fewer than 35 bytes left.
//
//go:noescape
func indexMasked4AVX2(src []byte, pat, fold uint32) (found, checked int)

// useAVX2 says whether the searches take 32 starts at a time: where the
// CPU has AVX2 and the OS saves its registers (x/sys/cpu checks both).
// Every byte of every file goes through two to five of these searches, and
// AVX2 halves their instructions. Tests turn it off to check SSE2 too.
var useAVX2 = cpu.X86.HasAVX2

// forEachMasked4 calls fn with every match of indexMasked4AVX2 (where
// useAVX2) and then of indexMasked4, in order, up to the last bytes, too
// few for a vector load; it returns where those start, for the portable
// search to finish.
func forEachMasked4(src []byte, pat, fold uint32, fn func(p int)) (rest int) {
	off := 0
	if useAVX2 {
		off = forEachFound(src, off, indexMasked4AVX2, pat, fold, fn)
	}
	return forEachFound(src, off, indexMasked4, pat, fold, fn)
}

// forEachFound calls fn with every match of index in src from off on, and
// returns where index stopped searching.
func forEachFound(src []byte, off int, index func([]byte, uint32, uint32) (int, int), pat, fold uint32, fn func(p int)) int {
	for {
		found, checked := index(src[off:], pat, fold)
		if found < 0 {
			return off + checked
		}
		fn(off + found)
		off += found + 1
	}
}

// forEachCudo calls fn, in order, with the offset of every "cudo" in src,
// in any case.
func forEachCudo(src []byte, fn func(p int)) {
	rest := forEachMasked4(src, cudoFolded, 0x20202020, fn)
	forEachCudoGeneric(src[rest:], func(p int) { fn(rest + p) })
}

// forEachCk calls fn, in order, with the offset of every "ck_" in src.
func forEachCk(src []byte, fn func(p int)) {
	rest := forEachMasked4(src, ckAny, 0xff000000, fn)
	forEachCkGeneric(src[rest:], func(p int) { fn(rest + p) })
}

// ckAny is "ck_" and any fourth byte, as indexMasked4 takes it.
const ckAny = uint32('c') | uint32('k')<<8 | uint32('_')<<16 | 0xff<<24

// forEachFold4 calls fn, in order, with every offset in src where the
// four bytes, ORed with 0x20, equal pat (little-endian).
func forEachFold4(src []byte, pat uint32, fn func(p int)) {
	rest := forEachMasked4(src, pat, wordFold, fn)
	forEachFold4Generic(src[rest:], pat, func(p int) { fn(rest + p) })
}

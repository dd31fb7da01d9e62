//go:build !purego

package rules

import "math/bits"

// patternsAVX2 is the one pass of scanPatterns where the CPU has AVX2:
// see patterns_amd64.s.
//
//go:noescape
func patternsAVX2(src []byte, quietTo int) (block int, cudo, ck uint32, word bool, checked int)

// scanPatterns calls cudo with every offset forEachCudo finds in src, ck
// with every offset forEachCk finds, and, unless it is nil, word with
// every word forEachLongWord finds: each in order, the three interleaved
// in any way.
//
// Every byte of every file is searched for the three, so where the CPU
// has AVX2 they are one pass (patternsAVX2), which reads each block of
// 32 bytes once instead of three times. Elsewhere they are the three
// searches.
func scanPatterns(src []byte, cudo, ck func(p int), word func(lo, hi int, class uint8)) {
	if !useAVX2 {
		scanPatternsApart(src, cudo, ck, word)
		return
	}
	// quiet is where windows are tested from: past the last word walked
	// (its end is no word byte, and a word that starts after it starts
	// after that byte too). Without word, never.
	quiet := 0
	if word == nil {
		quiet = len(src)
	}
	// A long word is found from a window of 32 of its bytes: a word of
	// minEncoded (more than 63) holds one at any offset that is a
	// multiple of 32 from where the pass started, and then from the tail
	// below, whatever the block sizes.
	inWord := func(at int) {
		// Minified code and paths fill windows with '.', '(' and ':',
		// which are in range and no word byte: four samples catch most.
		if wordClass[src[at]]&wordClass[src[at+11]]&wordClass[src[at+21]]&wordClass[src[at+31]]&wordIn == 0 {
			return
		}
		hi, c := wordEnd(src, at)
		if hi-at >= 32 { // the window is all word bytes
			lo, c0 := wordStart(src, at)
			if hi-lo >= minEncoded {
				word(lo, hi, c0|c)
			}
		}
		quiet = hi + 1
	}
	off := 0
	for {
		block, cudos, cks, isWindow, checked := patternsAVX2(src[off:], quiet-off)
		if block < 0 {
			off += checked
			break
		}
		at := off + block
		for ; cudos != 0; cudos &= cudos - 1 {
			cudo(at + bits.TrailingZeros32(cudos))
		}
		for ; cks != 0; cks &= cks - 1 {
			ck(at + bits.TrailingZeros32(cks))
		}
		if isWindow {
			inWord(at)
		}
		off = at + 32
	}
	// Fewer than 35 bytes are left: the portable searches finish.
	forEachCudoGeneric(src[off:], func(p int) { cudo(off + p) })
	forEachCkGeneric(src[off:], func(p int) { ck(off + p) })
	if off+32 <= len(src) && off >= quiet && !breaksWords(src[off:off+16]) && !breaksWords(src[off+16:off+32]) {
		inWord(off)
	}
}

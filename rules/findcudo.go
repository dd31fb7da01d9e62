package rules

import (
	"bytes"
	"encoding/binary"
)

// cudoLetter maps each letter of "cudo", in either case, to its position
// in the word plus one; every other byte to 0.
var cudoLetter = func() (t [256]uint8) {
	for i, c := range []byte("cudo") {
		t[c], t[c-'a'+'A'] = uint8(i+1), uint8(i+1)
	}
	return t
}()

// cudoFolded is "cudo" as a little-endian word, the form a candidate takes
// once its letters are folded to lowercase.
const cudoFolded = uint32('c') | uint32('u')<<8 | uint32('d')<<16 | uint32('o')<<24

// forEachCudoGeneric calls fn, in order, with the offset of every "cudo"
// in src, in any case. It is forEachCudo in portable Go; on amd64 it only
// finishes what the vector search leaves (see findcudo_amd64.go).
//
// It reads the bytes at offsets 3, 7, 11...: any four-byte "cudo" covers
// exactly one of them (a candidate may start in the block before), and
// since the letters of "cudo" are distinct, that byte alone says where the
// word would start. Candidates are collected without a branch
// (the store always happens; only the count moves), then checked with one
// 32-bit compare each. Text costs a table lookup per four bytes and no
// mispredicted branches; it runs faster than the two substring searches
// (for "udo" and "UDO") it replaces, which stop at every u.
func forEachCudoGeneric(src []byte, fn func(p int)) {
	var cand [1024]int32
	const block = 4 * (len(cand) - 4) // bytes whose candidates fit in cand
	for base := 0; base < len(src); base += block {
		end := min(len(src), base+block)
		k, p := 0, base
		for ; p+16 <= end; p += 16 {
			w := src[p : p+16 : p+16]
			l0, l1, l2, l3 := cudoLetter[w[3]], cudoLetter[w[7]], cudoLetter[w[11]], cudoLetter[w[15]]
			cand[k] = int32(p + 4 - int(l0))
			k += int((l0 + 7) >> 3) // 1 for a letter of "cudo" (1..4), else 0
			cand[k] = int32(p + 8 - int(l1))
			k += int((l1 + 7) >> 3)
			cand[k] = int32(p + 12 - int(l2))
			k += int((l2 + 7) >> 3)
			cand[k] = int32(p + 16 - int(l3))
			k += int((l3 + 7) >> 3)
		}
		for q := p + 3; q < end; q += 4 {
			l := cudoLetter[src[q]]
			cand[k] = int32(q + 1 - int(l))
			k += int((l + 7) >> 3)
		}
		for _, s := range cand[:k] {
			if int(s)+4 <= len(src) && binary.LittleEndian.Uint32(src[s:])|0x20202020 == cudoFolded {
				fn(int(s))
			}
		}
	}
}

// forEachCkGeneric calls fn, in order, with the offset of every "ck_" in
// src. It searches for "k_", which is rare in code and prose; "c" is among
// the commonest bytes, and a substring search hops from one first byte to
// the next.
func forEachCkGeneric(src []byte, fn func(p int)) {
	for i := 1; i < len(src); {
		j := bytes.Index(src[i:], []byte("k_"))
		if j < 0 {
			return
		}
		if src[i+j-1] == 'c' {
			fn(i + j - 1)
		}
		i += j + 1
	}
}

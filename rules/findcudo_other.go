//go:build !amd64 || purego

package rules

// forEachCudo calls fn, in order, with the offset of every "cudo" in src,
// in any case.
func forEachCudo(src []byte, fn func(p int)) { forEachCudoGeneric(src, fn) }

// forEachCk calls fn, in order, with the offset of every "ck_" in src.
func forEachCk(src []byte, fn func(p int)) { forEachCkGeneric(src, fn) }

// forEachFold4 calls fn, in order, with every offset in src where the
// four bytes, ORed with 0x20, equal pat (little-endian).
func forEachFold4(src []byte, pat uint32, fn func(p int)) { forEachFold4Generic(src, pat, fn) }

//go:build !amd64 || purego

package rules

// forEachCudo calls fn, in order, with the offset of every "cudo" in src,
// in any case.
func forEachCudo(src []byte, fn func(p int)) { forEachCudoGeneric(src, fn) }

// forEachCk calls fn, in order, with the offset of every "ck_" in src.
func forEachCk(src []byte, fn func(p int)) { forEachCkGeneric(src, fn) }

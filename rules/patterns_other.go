//go:build !amd64 || purego

package rules

// scanPatterns calls cudo with every offset forEachCudo finds in src, ck
// with every offset forEachCk finds, and, unless it is nil, word with
// every word forEachLongWord finds: each in order, the three interleaved
// in any way. Here they are three searches; on amd64 with AVX2, one pass.
func scanPatterns(src []byte, cudo, ck func(p int), word func(lo, hi int, class uint8)) {
	scanPatternsApart(src, cudo, ck, word)
}

package rules

import "math"

// KeyLen is the length of a CUDO API key: 32 random bytes, hex-encoded.
const KeyLen = 64

// forEachHexRun calls fn for every maximal run of exactly KeyLen lowercase
// hex digits in src.
//
// It samples one byte in every KeyLen: any run of KeyLen bytes covers exactly
// one sampled position, so a sample that is not a hex digit rules out every
// run through it. Text that is not hex costs one table lookup per 64 bytes;
// only hex samples are expanded to their full run.
func forEachHexRun(src []byte, fn func(start, end int)) {
	n := len(src)
	for p := KeyLen - 1; p < n; {
		if hexBit[src[p]]&(hexBefore(src, p)|hexAfter(src, p)) == 0 {
			p += KeyLen
			continue
		}
		start, end := hexRunStart(src, p), hexRunEnd(src, p+1)
		if end-start == KeyLen {
			fn(start, end)
		}
		// The next run starts after end; the first sample it must cover is
		// the first sampled position past end.
		p += KeyLen * ((end-p)/KeyLen + 1)
	}
}

// hexRunStart returns where the run of hex digits ending at src[p] starts,
// and hexRunEnd where the run going on at src[i] ends. Every 64-hex digest
// of a file that mentions CUDO is walked: they look at eight bytes per
// step, with independent lookups and one branch.
func hexRunStart(src []byte, p int) int {
	for ; p >= 8; p -= 8 {
		b := src[p-8 : p : p]
		if hexBit[b[0]]&hexBit[b[1]]&hexBit[b[2]]&hexBit[b[3]]&hexBit[b[4]]&hexBit[b[5]]&hexBit[b[6]]&hexBit[b[7]] == 0 {
			break
		}
	}
	for p > 0 && hexLower[src[p-1]] {
		p--
	}
	return p
}

func hexRunEnd(src []byte, i int) int {
	for ; i+8 <= len(src); i += 8 {
		b := src[i : i+8 : i+8]
		if hexBit[b[0]]&hexBit[b[1]]&hexBit[b[2]]&hexBit[b[3]]&hexBit[b[4]]&hexBit[b[5]]&hexBit[b[6]]&hexBit[b[7]] == 0 {
			break
		}
	}
	for i < len(src) && hexLower[src[i]] {
		i++
	}
	return i
}

// A run of KeyLen digits through p reaches 32 bytes before it or 32
// after it. hexBefore and hexAfter sample those 32 bytes at every eighth
// byte: in hex-heavy text (logs of request ids, timestamps) most samples
// end there, without a walk over a short run. They AND table entries
// rather than chain conditions: in a log, whether a sampled byte is a
// digit is a coin toss, and a branch per byte would mispredict half the
// time.
func hexBefore(src []byte, p int) uint8 {
	if p < 32 {
		return 0
	}
	return hexBit[src[p-8]] & hexBit[src[p-16]] & hexBit[src[p-24]] & hexBit[src[p-32]]
}

func hexAfter(src []byte, p int) uint8 {
	if p+32 >= len(src) {
		return 0
	}
	return hexBit[src[p+8]] & hexBit[src[p+16]] & hexBit[src[p+24]] & hexBit[src[p+32]]
}

// hexBit is hexLower as 1 and 0, for tests without a branch.
var hexBit = func() (t [256]uint8) {
	for c, isHex := range hexLower {
		if isHex {
			t[c] = 1
		}
	}
	return t
}()

// IsKeyShaped reports whether s is exactly KeyLen lowercase hex digits and
// not an obvious placeholder (0000..., abab..., 0123456789abcdef repeated).
func IsKeyShaped(s string) bool {
	if len(s) != KeyLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !hexLower[s[i]] {
			return false
		}
	}
	return !isPlaceholderHex(s)
}

// isPlaceholderHex reports whether a key-shaped string is too regular to be
// 32 random bytes. Real keys carry about 3.7 bits of entropy per hex digit;
// hand-typed fillers repeat a short pattern.
func isPlaceholderHex[T string | []byte](s T) bool {
	return hasShortPeriod(s, 16) || hexEntropy(s) < 3.0
}

// hexEntropy is shannon for a run of at most KeyLen lowercase hex digits,
// without a 256-entry count or a logarithm per call: every 64-hex digest
// in a file that mentions CUDO gets here.
func hexEntropy[T string | []byte](s T) float64 {
	var counts [16]uint8
	for i := 0; i < len(s); i++ {
		counts[s[i]&15+(s[i]>>6)*9&15]++ // '0'..'9' -> 0..9, 'a'..'f' -> 10..15, without a branch
	}
	// H = log2(n) - (sum of c*log2(c)) / n
	var sum float64
	for _, c := range counts {
		sum += cLog2c[c]
	}
	n := float64(len(s))
	return math.Log2(n) - sum/n
}

// cLog2c[c] is c*log2(c), for the counts of hexEntropy.
var cLog2c = func() (t [KeyLen + 1]float64) {
	for c := 1; c <= KeyLen; c++ {
		t[c] = float64(c) * math.Log2(float64(c))
	}
	return t
}()

// hasShortPeriod reports whether s repeats a pattern of at most maxPeriod
// bytes from start to end.
func hasShortPeriod[T string | []byte](s T, maxPeriod int) bool {
	for p := 1; p <= maxPeriod && p < len(s); p++ {
		periodic := true
		for i := p; i < len(s); i++ {
			if s[i] != s[i-p] {
				periodic = false
				break
			}
		}
		if periodic {
			return true
		}
	}
	return false
}

// shannon returns the Shannon entropy of s in bits per byte.
func shannon(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

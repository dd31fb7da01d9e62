package inflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	kflate "github.com/klauspost/compress/flate"
)

// corpus returns inputs of the kinds a pack holds and the encoder's edge
// cases: text, hex, random bytes (stored blocks), long runs (overlapping
// matches), and sizes across block and window boundaries.
func corpus(r *rand.Rand) [][]byte {
	words := []string{"func ", "return ", "cudo", "Bearer ", "\n", "\t", "{", "}", "api_key", " = ", "\"", "0123456789abcdef"}
	text := func(n int) []byte {
		var b bytes.Buffer
		for b.Len() < n {
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.Bytes()[:n]
	}
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	hex := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "0123456789abcdef"[r.IntN(16)]
		}
		return b
	}
	var out [][]byte
	for _, n := range []int{0, 1, 2, 3, 257, 258, 259, 4095, 32767, 32768, 32769, 65535, 65536, 70000, 300000} {
		out = append(out, text(n), random(n), hex(n), bytes.Repeat([]byte{'a'}, n), bytes.Repeat([]byte("ab"), n/2))
	}
	// Text with random islands: blocks of every kind in one stream.
	mixed := text(200000)
	for i := 0; i < len(mixed)-1000; i += 20000 {
		copy(mixed[i:], random(1000))
	}
	return append(out, mixed)
}

func compress(t testing.TB, data []byte, level int) []byte {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, level)
	if err != nil {
		t.Fatal(err)
	}
	// Flush now and then: empty stored blocks, and blocks that end mid-byte.
	for len(data) > 0 {
		n := min(len(data), 50000)
		w.Write(data[:n])
		data = data[n:]
		if n == 50000 {
			w.Flush()
		}
	}
	w.Close()
	return b.Bytes()
}

// TestIntoMatchesFlate inflates what compress/flate wrote, at every level,
// and wants the input back.
func TestIntoMatchesFlate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i, data := range corpus(r) {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, 5, flate.BestCompression, flate.HuffmanOnly} {
			z := compress(t, data, level)
			dst := make([]byte, len(data))
			if err := Into(dst, z); err != nil {
				t.Fatalf("input %d (%d bytes), level %d: %v", i, len(data), level, err)
			}
			if !bytes.Equal(dst, data) {
				t.Fatalf("input %d (%d bytes), level %d: output differs", i, len(data), level)
			}
		}
	}
}

// TestIntoSizes: a stream holds exactly the size it is given, or it is an
// error: one byte less room is ErrTooLong, one more ErrTooShort.
func TestIntoSizes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, data := range corpus(r)[5:40] {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.BestCompression} {
			z := compress(t, data, level)
			if len(data) > 0 {
				if err := Into(make([]byte, len(data)-1), z); !errors.Is(err, ErrTooLong) {
					t.Errorf("%d bytes, level %d, room for one less: %v, want ErrTooLong", len(data), level, err)
				}
			}
			if err := Into(make([]byte, len(data)+1), z); !errors.Is(err, ErrTooShort) {
				t.Errorf("%d bytes, level %d, room for one more: %v, want ErrTooShort", len(data), level, err)
			}
		}
	}
}

// TestIntoTruncated cuts streams short at every length: each is an
// error, never a result (zeros read past the end must not decode as data).
func TestIntoTruncated(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	inputs := [][]byte{corpus(r)[25], corpus(r)[27], bytes.Repeat([]byte("0"), 5000)}
	for i := range 40 { // small ones, in fixed-code blocks, whose end-of-block code is 7 zero bits
		inputs = append(inputs, []byte(fmt.Sprintf("cudo %d", i*7919)))
	}
	for _, data := range inputs {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.BestCompression, flate.HuffmanOnly} {
			z := compress(t, data, level)
			for cut := 0; cut < len(z); cut++ {
				if cut > 16 && cut < len(z)-16 && cut%(1+len(z)/500) != 0 {
					continue // every cut near the ends, some in between
				}
				if err := Into(make([]byte, len(data)), z[:cut]); err == nil {
					// A stream may end within its last byte's padding
					// only if compress/flate, too, reads it whole.
					if got, ferr := io.ReadAll(flate.NewReader(bytes.NewReader(z[:cut]))); ferr != nil || !bytes.Equal(got, data) {
						t.Fatalf("%d-byte stream cut at %d inflated without an error", len(z), cut)
					}
				}
			}
		}
	}
}

// TestIntoAgreesOnDamage flips bytes of valid streams: whatever Into
// makes of one without an error, compress/flate makes the same of it.
func TestIntoAgreesOnDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	type stream struct {
		z []byte
		n int
	}
	var streams []stream
	for _, data := range corpus(r) {
		data = data[:min(len(data), 70000)]
		for _, level := range []int{1, 6, 9, -2} {
			streams = append(streams, stream{compress(t, data, level), len(data)})
		}
	}
	for range 3000 {
		s := streams[r.IntN(len(streams))]
		z := bytes.Clone(s.z)
		for range 1 + r.IntN(3) {
			z[r.IntN(len(z))] ^= byte(1 + r.IntN(255))
		}
		checkAgainstFlate(t, z, s.n)
	}
}

// checkAgainstFlate inflates z into n bytes both ways: an Into that
// succeeds must give what compress/flate reads, and n bytes of it.
func checkAgainstFlate(t *testing.T, z []byte, n int) {
	dst := make([]byte, n)
	err := Into(dst, z)
	if err == nil {
		want, ferr := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), int64(n)+1))
		if ferr != nil || !bytes.Equal(dst, want) {
			t.Fatalf("%x: Into gave %d bytes, flate %d (%v)", z[:min(len(z), 64)], len(dst), len(want), ferr)
		}
	}
}

// FuzzInto: no input makes Into panic, and what it inflates is what
// compress/flate inflates.
func FuzzInto(f *testing.F) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, data := range corpus(r)[:20] {
		f.Add(compress(f, data, 6), uint16(len(data)))
	}
	f.Fuzz(func(t *testing.T, z []byte, n uint16) {
		var d decoder // no recover, unlike Into: a panic fails the fuzzer
		d.reset(make([]byte, n), z)
		d.run()
		checkAgainstFlate(t, z, int(n))
	})
}

func BenchmarkInto(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	c := corpus(r)
	for _, k := range []struct {
		name string
		data []byte
	}{{"text", c[len(c)-1]}, {"hex", c[len(c)-4]}, {"small-text", c[len(c)-1][:2000]}} {
		z := compress(b, k.data, 6)
		dst := make([]byte, len(k.data))
		b.Run(fmt.Sprintf("%s/into", k.name), func(b *testing.B) {
			b.SetBytes(int64(len(k.data)))
			for range b.N {
				if err := Into(dst, z); err != nil {
					b.Fatal(err)
				}
			}
		})
		// What gitpack used before: klauspost/compress's streaming reader,
		// reset on the stream (as gitpack's pool of them does).
		b.Run(fmt.Sprintf("%s/klauspost", k.name), func(b *testing.B) {
			b.SetBytes(int64(len(k.data)))
			zr := kflate.NewReader(bytes.NewReader(z))
			for range b.N {
				zr.(kflate.Resetter).Reset(bytes.NewReader(z), nil)
				if _, err := io.ReadFull(zr, dst); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// fixedStream codes data as one final block of the fixed code, literals
// only, as zlib ends a small stream: the end-of-block code (seven zero
// bits) is the last thing in it, with no empty stored block after it
// (which compress/flate writes, and git's zlib does not).
func fixedStream(data []byte) []byte {
	var out []byte
	var acc uint64
	var n uint
	put := func(v uint32, bits uint) { // v's bits, lowest first
		acc |= uint64(v) << n
		n += bits
		for n >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	code := func(c uint32, bits uint) { put(reverse(c, bits), bits) } // a Huffman code, first bit highest
	put(1, 1)                                                         // BFINAL
	put(1, 2)                                                         // BTYPE 01: the fixed code
	for _, b := range data {
		if b < 144 {
			code(0x30+uint32(b), 8)
		} else {
			code(0x190+uint32(b)-144, 9)
		}
	}
	code(0, 7) // end of block
	if n > 0 {
		out = append(out, byte(acc))
	}
	return out
}

// TestIntoFixedStreamEnds: a stream whose last byte holds only its
// end-of-block code, and the padding, is an error cut short of that byte:
// the zeros read past the end must not be taken for the code.
func TestIntoFixedStreamEnds(t *testing.T) {
	for i := range 64 {
		data := bytes.Repeat([]byte{'c'}, i)
		z := fixedStream(data)
		dst := make([]byte, len(data))
		if err := Into(dst, z); err != nil || !bytes.Equal(dst, data) {
			t.Fatalf("%d literals: %v", i, err)
		}
		for cut := range len(z) {
			if err := Into(make([]byte, len(data)), z[:cut]); err == nil {
				t.Errorf("%d literals, stream of %d bytes cut at %d: no error", i, len(z), cut)
			}
		}
	}
}

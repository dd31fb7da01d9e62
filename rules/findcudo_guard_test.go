//go:build linux && amd64 && !purego

package rules

import (
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// TestForEachCudoPageEnd runs the vector searches on buffers that end where
// readable memory ends, with an unreadable page after them: a load one
// byte past the buffer faults instead of passing unnoticed.
func TestForEachCudoPageEnd(t *testing.T) { forEachVectorBuild(t, testForEachCudoPageEnd) }

func testForEachCudoPageEnd(t *testing.T) {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip("mmap:", err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[page:], syscall.PROT_NONE); err != nil {
		t.Skip("mprotect:", err)
	}
	for n := 0; n <= 160; n++ {
		src := mem[page-n : page : page]
		for i := range src {
			src[i] = "xcUdO"[i%5]
		}
		if n >= 4 {
			copy(src[n-4:], "cuDO")
		}
		var got []int
		forEachCudo(src, func(p int) { got = append(got, p) })
		if want := naiveCudo(src); !reflect.DeepEqual(got, want) {
			t.Fatalf("n=%d: got %v, want %v", n, got, want)
		}
		copy(src[max(0, n-7):], "xck_ck_")
		got = got[:0]
		forEachCk(src, func(p int) { got = append(got, p) })
		if want := naiveCk(src); !reflect.DeepEqual(got, want) && len(want) > 0 {
			t.Fatalf("n=%d: ck_ at %v, want %v", n, got, want)
		}
		// The one pass, with a long word that runs to the end.
		copy(src[max(0, n-minEncoded-3):], "ck_"+strings.Repeat("Q", minEncoded))
		var cudo, ck []int
		var words []longWord
		scanPatterns(src, func(p int) { cudo = append(cudo, p) }, func(p int) { ck = append(ck, p) },
			func(lo, hi int, class uint8) { words = append(words, longWord{lo, hi, class}) })
		wantCudo, wantCk, wantWords := naivePatterns(src, true)
		if !reflect.DeepEqual(cudo, wantCudo) || !reflect.DeepEqual(ck, wantCk) || !reflect.DeepEqual(words, wantWords) {
			t.Fatalf("n=%d: scanPatterns found %v, %v, %v; want %v, %v, %v", n, cudo, ck, words, wantCudo, wantCk, wantWords)
		}
	}
}

package gitpack

import (
	"bytes"
	"errors"
	"testing"
)

// deltaOf writes a delta by hand: the sizes, then the instructions.
func deltaOf(src, dst uint64, ops ...[]byte) []byte {
	var b []byte
	for _, v := range []uint64{src, dst} {
		for v >= 0x80 {
			b = append(b, byte(v)|0x80)
			v >>= 7
		}
		b = append(b, byte(v))
	}
	for _, op := range ops {
		b = append(b, op...)
	}
	return b
}

func TestApplyDelta(t *testing.T) {
	base := []byte("the quick brown fox jumps over the lazy dog")
	big := bytes.Repeat([]byte("0123456789abcdef"), 0x2000) // 128 KiB
	for _, tc := range []struct {
		name  string
		base  []byte
		delta []byte
		want  string
		err   bool
	}{
		{name: "copy and insert", base: base,
			// copy 4 bytes at 0 ("the "), insert "slow ", copy 5 at 10 ("brown")
			delta: deltaOf(uint64(len(base)), 14, []byte{0x91, 0, 4}, []byte{5, 's', 'l', 'o', 'w', ' '}, []byte{0x91, 10, 5}),
			want:  "the slow brown"},
		{name: "copy size 0 means 64 KiB", base: big,
			delta: deltaOf(uint64(len(big)), 0x10000, []byte{0x80}),
			want:  string(big[:0x10000])},
		{name: "offset in two bytes", base: big,
			// bits 0 and 1: two offset bytes, low first (0x0101); bit 4: one size byte
			delta: deltaOf(uint64(len(big)), 3, []byte{0x93, 0x01, 0x01, 3}),
			want:  string(big[0x101:0x104])},
		{name: "base of the wrong size", base: base, delta: deltaOf(3, 1, []byte{1, 'x'}), err: true},
		{name: "copy past the base", base: base, delta: deltaOf(uint64(len(base)), 10, []byte{0x91, 40, 10}), err: true},
		{name: "insert past the result", base: base, delta: deltaOf(uint64(len(base)), 1, []byte{2, 'x', 'y'}), err: true},
		{name: "insert cut short", base: base, delta: deltaOf(uint64(len(base)), 5, []byte{5, 'x'}), err: true},
		{name: "reserved instruction", base: base, delta: deltaOf(uint64(len(base)), 1, []byte{0}), err: true},
		{name: "result shorter than said", base: base, delta: deltaOf(uint64(len(base)), 9, []byte{1, 'x'}), err: true},
		{name: "sizes not ended", base: base, delta: []byte{0x80, 0x80}, err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := applyDelta(tc.base, tc.delta, 1<<20, nil)
			switch {
			case tc.err && err == nil:
				t.Fatalf("built %q, want an error", got)
			case !tc.err && err != nil:
				t.Fatal(err)
			case !tc.err && string(got) != tc.want:
				t.Fatalf("built %q, want %q", got, tc.want)
			}
		})
	}
}

// A delta whose header claims more than the bound is refused before
// anything is allocated.
func TestApplyDeltaBound(t *testing.T) {
	_, err := applyDelta([]byte("ab"), deltaOf(2, 1<<40, []byte{0x90, 2}), 1<<20, nil)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// Whatever the delta, applyDelta returns an error or exactly the size the
// delta said, within the bound, and never panics.
func FuzzApplyDelta(f *testing.F) {
	base := []byte("the quick brown fox jumps over the lazy dog")
	f.Add(base, deltaOf(uint64(len(base)), 14, []byte{0x91, 0, 4}, []byte{5, 's', 'l', 'o', 'w', ' '}, []byte{0x91, 10, 5}))
	f.Add(base, deltaOf(uint64(len(base)), 3, []byte{0xff, 1, 0, 0, 0, 3, 0, 0}))
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		const bound = 1 << 16
		out, err := applyDelta(base, delta, bound, nil)
		if err != nil {
			return
		}
		_, rest, _ := deltaVarint(delta)
		want, _, _ := deltaVarint(rest)
		if uint64(len(out)) != want || len(out) > bound {
			t.Fatalf("built %d bytes; the delta said %d, the bound is %d", len(out), want, bound)
		}
	})
}

package scanner

import (
	"fmt"
	"io"
)

// DefaultArchiveDepth is the command line's --archive-depth: an archive and
// the archives inside it (a jar in a zip, a Terraform plan in a release
// bundle), but not a third layer, which real projects rarely have and
// bombs always do.
const DefaultArchiveDepth = 2

// ArchiveLimits bound the unpacking of one file or blob, whatever it
// nests: an archive is input that its author chose the expanded size
// of, and a scanner that trusted it would be the victim of a zip bomb. Past
// a bound the rest is not scanned, and a Skip says so. A zero field is its
// default.
type ArchiveLimits struct {
	// MaxBytes bounds the bytes unpacked: out of every decompressor, at
	// every layer (the tar stream of a tar.gz and the files in it both
	// count). Default 1 GiB: about a second of scanning.
	MaxBytes int64
	// MaxEntries bounds the entries read, at every layer. Default
	// 100,000; a zip whose directory lists more is not opened, since its
	// directory alone would take memory in proportion.
	MaxEntries int
	// MaxRatio and RatioAfter: an entry (or a gzip stream) that has
	// unpacked more than RatioAfter bytes, more than MaxRatio times what
	// it was compressed from, is taken for a bomb and stopped. Text
	// compresses 3 to 20 times; deflate's ceiling is about 1000. Defaults
	// 100 and 8 MiB.
	MaxRatio   int64
	RatioAfter int64
	// MaxBuffer bounds what is held in memory to open a zip that is not a
	// file on disk (a git blob, stdin, a zip inside an archive): zip needs
	// random access to its central directory, at the end. Default 32 MiB,
	// held per worker and nesting level.
	MaxBuffer int64
}

func (l ArchiveLimits) withDefaults() ArchiveLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 1 << 30
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = 100_000
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = 100
	}
	if l.RatioAfter <= 0 {
		l.RatioAfter = 8 << 20
	}
	if l.MaxBuffer <= 0 {
		l.MaxBuffer = 32 << 20
	}
	return l
}

// Skip reasons of archives. The summary counts skips by the reason's text
// before " (", so each kind has one prefix and its details in parentheses.
const (
	reasonBomb     = "archive bomb?"
	reasonTooLarge = "archive too large"
	reasonTooDeep  = "archive nested too deep"
	reasonCorrupt  = "corrupt archive"
	reasonEntry    = "unsupported archive entry"
)

// errStopped ends the read of an entry or stream that a bound stopped;
// the Skip that says why has been reported.
type errStopped struct{ reason string }

func (e errStopped) Error() string { return e.reason }

// guard reads an entry or a decompressed stream and stops it at the
// bounds: the unpacker's total, and the ratio of what it yields to what it
// was unpacked from.
type guard struct {
	r    io.Reader
	u    *unpacker
	path string // reported when a bound stops it
	// in returns the compressed bytes behind what r yielded so far, for
	// the ratio; nil: no ratio check.
	in func() int64
	// counted returns how much of what r yielded was counted in the total
	// already, by the decompressor of its stream (a tar entry's bytes);
	// nil: none. Only what r adds is counted: the zeros of a sparse tar
	// entry's holes.
	counted func() int64

	out, extra int64
}

func newGuard(u *unpacker, r io.Reader, path string, in, counted func() int64) *guard {
	return &guard{r: r, u: u, path: path, in: in, counted: counted}
}

func (g *guard) Read(p []byte) (int, error) {
	if !g.u.alive() {
		return 0, errStopped{reasonTooLarge}
	}
	n, err := g.r.Read(p)
	g.out += int64(n)
	add := int64(n)
	if g.counted != nil {
		extra := max(0, g.out-g.counted())
		add = max(0, extra-g.extra)
		g.extra = extra
	}
	g.u.bytes += add
	lim := &g.u.lim
	switch {
	case g.u.bytes > lim.MaxBytes:
		g.u.full = true
		g.u.skipf(g.path, "%s (over %s unpacked from %s; the rest is not scanned)", reasonTooLarge, sizeString(lim.MaxBytes), g.u.top)
		return n, errStopped{reasonTooLarge}
	case g.in != nil && g.out > lim.RatioAfter && g.out > lim.MaxRatio*g.in():
		g.u.skipf(g.path, "%s (%s unpacked from %s, over %d:1; the rest is not scanned)",
			reasonBomb, sizeString(g.out), sizeString(g.in()), lim.MaxRatio)
		return n, errStopped{reasonBomb}
	}
	return n, err
}

// sizeString writes a byte count for a skip reason.
func sizeString(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

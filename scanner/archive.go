package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/cudoscan/cudoscan/internal/ctxio"
)

// Archives (zip, and so jars, wheels and Terraform plan files; tar; gzip;
// tar.gz) are recognised by their first bytes, not their names: a
// Terraform plan is a zip named plan.out, and renaming an archive must not
// hide what it holds. Their entries are scanned as files of their own,
// each reported at "archive.zip!inner/path" (nested: "a.zip!b.tar.gz!c/.env")
// with lines and columns within the entry, streamed through the worker's
// one buffer. The core is given the entry's path joined by a slash
// ("a.zip/c/.env"), so that a go.sum or a .env inside an archive is read
// as one outside it is. Everything is unpacked with the standard library
// and bounded (ArchiveLimits); what a bound stops, and what cannot be
// unpacked, is a Skip naming the entry, and the scan goes on.

// Input is one file or blob for ScanInput.
type Input struct {
	Ctx  context.Context // the reads fail once it is done; nil: never
	R    io.Reader       // the bytes, from the start
	At   io.ReaderAt     // random access to the same bytes (a file on disk); nil for a stream
	Size int64           // the size: of At; of a stream when known, else -1
	Path string
	// Data is the whole input when R is nil, held in memory by the caller
	// (a blob built from a pack): it is scanned where it lies, not copied
	// into the scanner's buffer, and never written to. At and Size are
	// not needed then.
	Data []byte
}

// ErrSkipped reports an input of which nothing was scanned, for the reason
// ScanInput gave its skip function: an archive that is damaged from its
// first byte, or too large to unpack.
var ErrSkipped = errors.New("skipped")

// ScanInput scans in as Scan does and, when it is an archive and
// Options.ArchiveDepth allows, every entry in it, into emit (one per-file
// cap holds them all). skip receives the entries not scanned and the
// bounds that stopped the unpacking. It returns the bytes of in read;
// ErrBinary for a binary input that is no archive (or any archive, with
// archives off); ErrSkipped when nothing could be scanned; or the error
// reading in itself (or the context's). A damaged archive is a skip, not
// an error: it was read, and what it holds could not be.
func (s *StreamScanner) ScanInput(in Input, emit func(Finding), skip func(Skip)) (int64, error) {
	defer s.release()
	ctx := in.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	if in.R == nil {
		if len(in.Data) <= s.chunk {
			if n, done, err := s.scanHeld(ctx, in.Data, in.Path, s.archiveDepth > 0, emit); done {
				return n, err
			}
		}
		// Larger than a chunk, an archive or UTF-16: read as a file is.
		r := bytes.NewReader(in.Data)
		in.R, in.At, in.Size = r, r, int64(len(in.Data))
	}
	if s.archiveDepth <= 0 {
		return s.Scan(ctxio.Reader(ctx, in.R), in.Path, emit)
	}
	st := &s.input
	*st = inputState{u: unpacker{s: s, ctx: ctx, lim: s.archiveLimits, depth: s.archiveDepth, emit: emit, skip: skip, top: in.Path}}
	u := &st.u
	st.src = sourceReader{u: u, r: in.R}
	st.counted = countingReader{r: &st.src}
	r := &st.counted
	n, err := s.scanText(r, in.Path, in.Path, true, emit)
	if err == nil {
		return n, nil // before a, which errors.As puts on the heap
	}
	var a errArchive
	if !errors.As(err, &a) {
		return n, err
	}
	src := &source{path: in.Path, hint: in.Path, size: in.Size}
	if in.At != nil {
		src.at = &sourceReaderAt{u: u, r: in.At}
		src.head = bytes.Clone(s.buf[:min(n, sniffLen)])
	} else {
		src.head, src.rest = bytes.Clone(s.buf[:n]), r
	}
	scanned := u.unpack(a.kind, src)
	read := r.n
	if in.At != nil {
		read = in.Size
	}
	switch {
	case u.srcErr != nil:
		return read, u.srcErr
	case !scanned:
		return read, ErrSkipped
	}
	return read, nil
}

// inputState is what ScanInput keeps while it scans an input: the
// StreamScanner holds one and ScanInput fills it in for each input, as
// allocating them costs more per file than a small file's scan.
type inputState struct {
	u       unpacker
	src     sourceReader
	counted countingReader
}

// archiveKind is what the head of a stream says it is, as an archive.
type archiveKind int

const (
	notArchive archiveKind = iota
	archiveZip
	archiveGzip
	archiveTar
)

// errArchive reports that the stream scanRange sniffed is an archive: its
// head is in the scanner's buffer, and the caller unpacks it.
type errArchive struct{ kind archiveKind }

func (errArchive) Error() string { return "archive" }

// sniffArchive classifies the head of a stream by its magic bytes: a zip's
// first local header (or an empty zip's end record), gzip's magic and
// deflate method, or a tar header whose ustar magic and checksum hold (a
// text that happens to say "ustar" at offset 257 is no tar).
func sniffArchive(head []byte) archiveKind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return archiveZip
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b, 8}):
		return archiveGzip
	case len(head) >= 512 && (string(head[257:263]) == "ustar\x00" || string(head[257:265]) == "ustar  \x00") && tarChecksumOK(head[:512]):
		return archiveTar
	}
	return notArchive
}

// tarChecksumOK checks a tar header block's checksum: the sum of its bytes,
// the checksum field counted as spaces.
func tarChecksumOK(blk []byte) bool {
	field := bytes.Trim(blk[148:156], " \x00")
	want, err := strconv.ParseUint(string(field), 8, 32)
	if err != nil {
		return false
	}
	var sum uint64
	for i, c := range blk {
		if i >= 148 && i < 156 {
			c = ' '
		}
		sum += uint64(c)
	}
	return sum == want
}

// unpacker unpacks one input's archives, however nested, within one set
// of bounds.
type unpacker struct {
	s     *StreamScanner
	ctx   context.Context
	lim   ArchiveLimits
	depth int
	emit  func(Finding)
	skip  func(Skip)
	top   string // the input's path, named by the total bounds

	bytes   int64 // unpacked so far, at every layer
	entries int   // entries read so far, at every layer
	full    bool  // a total bound was reached: nothing more is read
	srcErr  error // the input itself could not be read (or ctx is done): the whole scan of it fails
}

func (u *unpacker) skipf(path, format string, args ...any) {
	u.skip(Skip{Path: path, Reason: fmt.Sprintf(format, args...)})
}

// failure returns the error that ends the scan of the whole input: its
// own read error, or the context's.
func (u *unpacker) failure() error {
	if u.srcErr == nil && u.ctx.Err() != nil {
		u.srcErr = u.ctx.Err()
	}
	return u.srcErr
}

// alive reports whether unpacking goes on: the input can be read and no
// total bound was reached.
func (u *unpacker) alive() bool { return u.failure() == nil && !u.full }

// countEntry counts an entry of the archive at path, and reports whether
// it is within the bound.
func (u *unpacker) countEntry(path string) bool {
	u.entries++
	if u.entries <= u.lim.MaxEntries {
		return true
	}
	u.full = true
	u.skipf(path, "%s (over %d entries in %s; the rest is not scanned)", reasonTooLarge, u.lim.MaxEntries, u.top)
	return false
}

// source is an archive to unpack: a stream, with random access when it is
// a file on disk or has been read into memory.
type source struct {
	path, hint string
	opened     int         // archive layers around it
	head       []byte      // its first bytes, read from rest already (of at: a copy, to sniff)
	rest       io.Reader   // what follows head
	at         io.ReaderAt // random access to the whole, or nil
	size       int64       // of at; else of the stream when known, or -1
	r          *countingReader
}

// reader returns the bytes of src from its start, counted.
func (s *source) reader() *countingReader {
	if s.at != nil {
		s.r = &countingReader{r: io.NewSectionReader(s.at, 0, s.size)}
	} else {
		s.r = &countingReader{r: io.MultiReader(bytes.NewReader(s.head), s.rest)}
	}
	return s.r
}

// rewind returns the bytes of src from its start again, if no more than
// its head was read from a stream.
func (s *source) rewind() (io.Reader, bool) {
	if s.at == nil && s.r != nil && s.r.n > int64(len(s.head)) {
		return nil, false
	}
	return s.reader(), true
}

// errOpen reports an archive that could not be opened at all: its first
// header is damaged. It may be no archive: a text file that starts with
// an archive's magic is scanned as text.
type errOpen struct{ err error }

func (e errOpen) Error() string { return e.err.Error() }

// unpack scans the entries of src, an archive of kind, and reports whether
// anything of it was scanned.
func (u *unpacker) unpack(kind archiveKind, src *source) bool {
	if src.opened >= u.depth {
		u.skipf(src.path, "%s (--archive-depth %d)", reasonTooDeep, u.depth)
		return false
	}
	var err error
	switch kind {
	case archiveZip:
		err = u.zip(src)
	case archiveGzip:
		err = u.gzip(src)
	default:
		err = u.tar(src.reader(), nil, src)
	}
	var open errOpen
	switch {
	case err == nil:
		return true
	case !u.alive():
		return false
	case errors.As(err, &open):
		if sniffText(src.head[:min(len(src.head), sniffLen)]) != kindBinary {
			if r, ok := src.rewind(); ok {
				_, err := u.s.scanText(r, src.path, src.hint, false, u.emit)
				u.failed(src.path, err)
				return true
			}
		}
		u.skipf(src.path, "%s (%v)", reasonCorrupt, open.err)
		return false
	}
	u.failed(src.path, err)
	return false
}

// entry scans one entry of an archive, read from r: as text, or, when it
// is an archive itself, what it holds, one layer deeper. It returns the
// error that ended the read, for failed.
func (u *unpacker) entry(r io.Reader, path, hint string, opened int) error {
	cr := &countingReader{r: r}
	n, err := u.s.scanText(cr, path, hint, true, u.emit)
	var a errArchive
	switch {
	case errors.As(err, &a):
		u.unpack(a.kind, &source{path: path, hint: hint, opened: opened, head: bytes.Clone(u.s.buf[:n]), rest: cr, size: -1})
		return nil
	case errors.Is(err, ErrBinary):
		u.skip(Skip{Path: path, Reason: "binary"})
		return nil
	}
	return err
}

// failed reports what ended the read of an entry or archive at path early,
// unless a bound did (and said so) or the input itself failed (and the
// caller reports that).
func (u *unpacker) failed(path string, err error) {
	var stop errStopped
	if err == nil || !u.alive() || errors.As(err, &stop) {
		return
	}
	u.skipf(path, "%s (%v; the rest is not scanned)", reasonCorrupt, err)
}

// sourceReader reads the input, recording its first error: the file or
// blob could not be read, which no archive's damage explains.
type sourceReader struct {
	u *unpacker
	r io.Reader
}

func (s *sourceReader) Read(p []byte) (int, error) {
	if err := s.u.failure(); err != nil {
		return 0, err
	}
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.u.srcErr = err
	}
	return n, err
}

// sourceReaderAt is sourceReader for random access.
type sourceReaderAt struct {
	u *unpacker
	r io.ReaderAt
}

func (s *sourceReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := s.u.failure(); err != nil {
		return 0, err
	}
	n, err := s.r.ReadAt(p, off)
	if err != nil && err != io.EOF {
		s.u.srcErr = err
	}
	return n, err
}

// count is the bytes read so far, for a ratio's denominator.
func (c *countingReader) count() int64 { return c.n }

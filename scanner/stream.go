package scanner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sort"
	"sync"

	"github.com/cudoscan/cudoscan/rules"
)

// ChunkOverlap is how many bytes consecutive chunks share on each side of a
// boundary: more than the core's context reach, so that every match sees
// the same context in a chunk as in the whole file.
const ChunkOverlap = 4 * rules.ContextReach

const overlap = ChunkOverlap

// sniffLen is how much of a file is checked for NUL bytes, as git does.
const sniffLen = 8000

// ErrBinary reports a stream that holds NUL bytes in its first 8000 bytes,
// as git decides, unless they are those of UTF-16 text. Nothing is
// scanned in it.
var ErrBinary = errors.New("binary")

// errUTF16 reports that the stream scanRange sniffed is UTF-16: the
// caller scans it again, transcoded.
type errUTF16 struct{ kind textKind }

func (errUTF16) Error() string { return "UTF-16 text" }

// StreamScanner scans one stream at a time through a buffer it reuses: one
// per worker. It is not safe for concurrent use.
//
// The buffer starts small (firstRead) and a stream that fills it is read
// on into a chunk-sized one taken from those shared by all scanners
// until the scan ends (release): most files are small, and a warm scan of
// a tree touches the memory of as many large buffers as large files are
// read at once, not one for each of the workers (each page touched the
// first time is a page fault).
type StreamScanner struct {
	det   *rules.Detector
	buf   []byte // small, or large while a scan that needs it lasts
	small []byte
	chunk int // the size of the large buffer: Options.ChunkSize

	archiveDepth  int // Options.ArchiveDepth, for ScanInput
	archiveLimits ArchiveLimits
	input         inputState // ScanInput's, for the input it scans
}

// NewStreamScanner returns a StreamScanner with the detector and chunk size
// of opts.
func NewStreamScanner(opts Options) *StreamScanner {
	opts = opts.withDefaults()
	small := make([]byte, 0, min(firstRead, opts.ChunkSize))
	return &StreamScanner{det: opts.Detector, buf: small, small: small, chunk: opts.ChunkSize,
		archiveDepth: opts.ArchiveDepth, archiveLimits: opts.ArchiveLimits.withDefaults()}
}

// firstRead is the size of a StreamScanner's small buffer: what a stream
// is read into first. 97% of the files of the Go source tree fit.
const firstRead = 64 << 10

// chunkBuffers holds chunk-sized buffers between scans, for all the
// scanners of the process.
var chunkBuffers bufferStack

// bufferStack keeps up to maxKeptChunks buffers between scans. Not a
// sync.Pool: the collector empties those at every cycle, and a buffer
// made again where a freed one was is zeroed whole, 256 page faults for
// 1 MiB (the scan of the Go source tree took a third of its faults
// there), where a kept one has only its pages read into so far.
type bufferStack struct {
	mu   sync.Mutex
	bufs [][]byte
}

// maxKeptChunks bounds the buffers kept: more than the workers that read
// large files at once, and segments, usually need.
const maxKeptChunks = 16

// get returns a kept buffer of at least n bytes, empty, or nil.
func (b *bufferStack) get(n int) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := len(b.bufs) - 1; i >= 0; i-- {
		if buf := b.bufs[i]; cap(buf) >= n {
			b.bufs = append(b.bufs[:i], b.bufs[i+1:]...)
			return buf[:0]
		}
	}
	return nil
}

// put keeps buf, which its owner no longer uses, if there is room.
func (b *bufferStack) put(buf []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.bufs) < maxKeptChunks {
		b.bufs = append(b.bufs, buf[:0])
	}
}

// grow moves the stream read so far, which fills the small buffer, to a
// chunk-sized one, which is s.buf from then on, until release, and reads
// on into it. It returns the buffer and how many more bytes it read.
func (s *StreamScanner) grow(r io.Reader, buf []byte) ([]byte, int, error) {
	big := chunkBuffers.get(s.chunk)
	if big == nil {
		big = make([]byte, 0, s.chunk)
	}
	s.buf = append(big, buf...)
	n, err := io.ReadFull(r, s.buf[len(s.buf):cap(s.buf)])
	return s.buf[:len(s.buf)+n], n, err
}

// failure is the error a read ended with, or nil when it only reached the
// end of the stream.
func failure(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	return err
}

// sniffHead decides from the head of a stream, as read with err, whether
// it is scanned as text: errArchive (archives on), ErrBinary or errUTF16
// when it is not, or the read's failure when what was read is no text;
// nil to go on.
func sniffHead(head []byte, err error, archives bool) error {
	readErr := failure(err)
	if archives && readErr == nil {
		if k := sniffArchive(head); k != notArchive {
			return errArchive{k}
		}
	}
	switch k := sniffText(head[:min(len(head), sniffLen)]); {
	case k != kindText && readErr != nil:
		return readErr
	case k == kindBinary:
		return ErrBinary
	case k == kindUTF16LE, k == kindUTF16BE:
		return errUTF16{k}
	}
	return nil
}

// release gives the large buffer back to chunkBuffers, if the scan took one.
// The bytes of the last scan are gone from s.buf then.
func (s *StreamScanner) release() {
	if cap(s.buf) > cap(s.small) {
		chunkBuffers.put(s.buf)
		s.buf = s.small
	}
}

// Scan reads r to its end, feeding the core chunk by chunk, and calls emit
// for every match, placed in the stream. path is the slash path given to
// the core as context and set on each finding. It returns the number of
// bytes read, ErrBinary for a binary stream (nothing emitted), or the read
// error.
//
// A file-level CUDO mention counts for the whole stream, before it as
// after it: a chunk with more to come returns, marked, what a later
// mention would add (rules.Hint.FileMentionUnknown), and the marked
// findings, with the ones after them to keep the order, wait for the end
// of the stream, which keeps or drops them. Large files on disk are
// scanned by segments instead (see segments.go), in parallel, to the same
// effect.
//
// A UTF-16 stream (see utf16.go) is scanned transcoded to UTF-8; the count
// returned is still of the bytes read.
//
// Archives are not unpacked: see ScanInput.
func (s *StreamScanner) Scan(r io.Reader, path string, emit func(Finding)) (int64, error) {
	defer s.release()
	return s.scanText(r, path, path, false, emit)
}

// scanText is Scan, with hint as the path the core is given. With
// archives, a stream whose head is an archive's is not scanned: it returns
// errArchive, with the head read (as many bytes as it returns) in s.buf.
func (s *StreamScanner) scanText(r io.Reader, path, hint string, archives bool, emit func(Finding)) (int64, error) {
	res, err := s.scanWhole(r, rangeSpec{path: path, hint: hint, to: -1, sniff: true, archives: archives, lines: rules.NewLineCounter()}, emit)
	if err == nil {
		return res.read, nil // before u, which errors.As puts on the heap
	}
	var u errUTF16
	if !errors.As(err, &u) {
		return res.read, err
	}
	// The first chunk, read and sniffed, is still in the buffer: read it
	// again before the rest, through the transcoder.
	head := bytes.Clone(s.buf[:res.read])
	cr := &countingReader{r: io.MultiReader(bytes.NewReader(head), r)}
	_, err = s.scanWhole(newUTF16Reader(cr, u.kind), rangeSpec{path: path, hint: hint, to: -1, lines: rules.NewLineCounter()}, emit)
	return cr.n, err
}

// scanHeld scans data, a whole input of at most a chunk, where it lies:
// as one last chunk, not copied into s.buf. It says done false, having
// scanned nothing, for an input the reader path must unpack (an archive,
// with archives) or transcode (UTF-16).
func (s *StreamScanner) scanHeld(ctx context.Context, data []byte, path string, archives bool, emit func(Finding)) (n int64, done bool, err error) {
	if err := ctx.Err(); err != nil {
		return 0, true, err
	}
	if data == nil {
		data = []byte{} // empty, and held: rangeSpec.held is not nil
	}
	head := data[:min(len(data), cap(s.small))]
	switch err := sniffHead(head, nil, archives); {
	case err == ErrBinary:
		return int64(len(head)), true, err // as far as a read would have gone
	case err != nil:
		return 0, false, nil
	}
	res, err := s.scanWhole(nil, rangeSpec{path: path, to: -1, held: data, lines: rules.NewLineCounter()}, emit)
	return res.read, true, err
}

// scanWhole is scanRange over a whole stream: the findings that need a
// CUDO mention in a later chunk are held, with the ones after them, until
// the end of the stream says whether there was one.
func (s *StreamScanner) scanWhole(r io.Reader, rs rangeSpec, emit func(Finding)) (rangeResult, error) {
	var held []marked
	res, err := s.scanRange(r, rs, func(f marked) {
		if len(held) == 0 && !f.pending() {
			emit(f.Finding)
			return
		}
		held = append(held, f)
	})
	for _, f := range held {
		if f.settle(res.mentioned) {
			emit(f.Finding)
		}
	}
	return res, err
}

// rangeSpec says which part of a stream scanRange reports on.
type rangeSpec struct {
	path     string
	base     int64 // absolute offset of the first byte the reader yields
	from, to int64 // report matches that start in [from, to); to < 0: up to the end
	// mentionUnknown: whether the file mentions CUDO outside what the
	// reader yields is not known yet (another segment may); findings that
	// need it are marked. Within the range, a chunk with more to come
	// marks them too: a later chunk may mention CUDO.
	mentionUnknown bool
	sniff          bool // skip the stream as binary if a NUL byte starts it
	archives       bool // with sniff: stop at an archive's head (errArchive)
	// hint is the path the core is given, if not path: an archive
	// entry's, joined by slashes ("a.zip/c/.env").
	hint  string
	lines rules.LineCounter
	// held, when not nil, is the whole stream, already in memory and at
	// most a chunk: the one chunk scanned, where it lies (see scanHeld);
	// the reader is not used.
	held []byte
}

// rangeResult is what scanRange learnt about its range.
type rangeResult struct {
	read      int64 // bytes read
	mentioned bool  // the range mentions CUDO
	// lines is the line counter, advanced to the end of the reported range
	// when the range has an end (rangeSpec.to >= 0), for the segment that
	// follows. A whole stream's is left at its last finding: no one asks.
	lines rules.LineCounter
}

// hintPath is the path the core is given.
func (rs *rangeSpec) hintPath() string {
	if rs.hint != "" {
		return rs.hint
	}
	return rs.path
}

func (s *StreamScanner) scanRange(r io.Reader, rs rangeSpec, emit func(marked)) (rangeResult, error) {
	buf := s.buf[:0]
	base := rs.base                   // absolute offset of buf[0]
	reportFrom := int(rs.from - base) // matches before this offset in buf are not ours or were reported
	res := rangeResult{lines: rs.lines}
	for first := true; ; first = false {
		var n int
		var err error
		if rs.held != nil {
			buf, n, err = rs.held, len(rs.held), io.EOF
		} else {
			n, err = io.ReadFull(r, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
		}
		res.read += int64(n)
		// The head decides, before more is read: a binary file larger
		// than the small buffer is read no further.
		if first && rs.sniff {
			if stop := sniffHead(buf, err, rs.archives); stop != nil {
				return res, stop
			}
		}
		if err == nil && cap(buf) < s.chunk {
			buf, n, err = s.grow(r, buf)
			res.read += int64(n)
		}
		// A read that fails (or is interrupted) ends the stream like its
		// end would: what was read is scanned and reported, then the error
		// is returned.
		readErr := failure(err)
		last := err != nil
		reportTo := len(buf)
		if !last {
			reportTo -= overlap
		}
		if rs.to >= 0 {
			reportTo = min(reportTo, int(rs.to-base))
		}
		ms, m := s.det.FindChunk(buf, rules.Hint{Path: rs.hintPath(), FileMentionsCudo: res.mentioned,
			FileMentionUnknown: rs.mentionUnknown || !last})
		res.mentioned = res.mentioned || m
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
		for _, x := range ms {
			if x.Start < reportFrom || x.Start >= reportTo {
				continue
			}
			line, col := res.lines.Position(buf, base, base+int64(x.Start))
			endLine, endCol := rules.SpanEnd(buf[x.Start:x.End], line, col)
			emit(marked{Finding: Finding{
				RuleID: x.RuleID, Kind: x.Kind, Severity: x.Severity, Confidence: x.Confidence,
				Message: x.Message, Path: rs.path, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
				Secret: x.Secret, Encoding: x.Encoding, Suppressed: x.Suppressed, SuppressReason: x.SuppressReason,
				MatchSHA256: matchSHA256(buf[x.Start:x.End]),
			}, needsFileMention: x.NeedsFileMention, unlessFileMention: x.UnlessFileMention})
		}
		// Count the lines of what is reported, for the next chunk's
		// positions or the next segment's. After a whole stream's last
		// chunk nothing needs them (counting them cost 4% of a scan of
		// the Go source tree).
		if reportTo > int(res.lines.Pos-base) && (!last || rs.to >= 0) {
			res.lines.Advance(buf[res.lines.Pos-base : reportTo])
		}
		if last || (rs.to >= 0 && base+int64(reportTo) >= rs.to) {
			return res, readErr
		}
		// Keep the tail as the left context of the next chunk.
		keep := reportTo - overlap
		copy(buf, buf[keep:])
		buf = buf[:len(buf)-keep]
		base += int64(keep)
		reportFrom = reportTo - keep
	}
}

// matchSHA256 is Finding.MatchSHA256: one hash per finding, so it costs
// nothing next to reading the file.
func matchSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

package scanner

import (
	"bytes"
	"errors"
	"io"
	"sort"

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
// as git decides. Nothing is scanned in it.
var ErrBinary = errors.New("binary")

// StreamScanner scans one stream at a time through a buffer it reuses: one
// per worker. It is not safe for concurrent use.
type StreamScanner struct {
	det *rules.Detector
	buf []byte
}

// NewStreamScanner returns a StreamScanner with the detector and chunk size
// of opts.
func NewStreamScanner(opts Options) *StreamScanner {
	opts = opts.withDefaults()
	return &StreamScanner{det: opts.Detector, buf: make([]byte, 0, opts.ChunkSize)}
}

// Scan reads r to its end, feeding the core chunk by chunk, and calls emit
// for every match, placed in the stream. path is the slash path given to
// the core as context and set on each finding. It returns the number of
// bytes read, ErrBinary for a binary stream (nothing emitted), or the read
// error.
func (s *StreamScanner) Scan(r io.Reader, path string, emit func(Finding)) (int64, error) {
	buf := s.buf[:0]
	var base int64     // absolute offset of buf[0]
	reportFrom := 0    // matches before this offset in buf were reported already
	mentioned := false // an earlier chunk mentioned CUDO
	lines := newLineCounter()
	first := true
	for {
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return base + int64(len(buf)), err
		}
		if first && bytes.IndexByte(buf[:min(len(buf), sniffLen)], 0) >= 0 {
			return int64(len(buf)), ErrBinary
		}
		first = false
		reportTo := len(buf)
		if !eof {
			reportTo -= overlap
		}
		ms, m := s.det.FindChunk(buf, rules.Hint{Path: path, FileMentionsCudo: mentioned})
		mentioned = mentioned || m
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
		for _, x := range ms {
			if x.Start < reportFrom || x.Start >= reportTo {
				continue
			}
			line, col := lines.position(buf, base, base+int64(x.Start))
			endLine, endCol := spanEnd(buf[x.Start:x.End], line, col)
			emit(Finding{
				RuleID: x.RuleID, Kind: x.Kind, Severity: x.Severity, Confidence: x.Confidence,
				Message: x.Message, Path: path, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
				Secret: x.Secret, Suppressed: x.Suppressed, SuppressReason: x.SuppressReason,
			})
		}
		if eof {
			return base + int64(len(buf)), nil
		}
		// Count the lines of what is reported, then keep the tail as the
		// left context of the next chunk.
		lines.advance(buf[lines.pos-base : reportTo])
		keep := reportTo - overlap
		copy(buf, buf[keep:])
		buf = buf[:len(buf)-keep]
		base += int64(keep)
		reportFrom = reportTo - keep
	}
}

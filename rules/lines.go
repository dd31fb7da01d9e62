package rules

import "bytes"

// LineCounter turns increasing absolute byte offsets of a stream into
// 1-based lines and byte columns. It is the one definition of a position
// in cudoscan: the scanner feeds it the stream as it reads, and cudovet
// gives go/token the line starts it computes (LineStarts), so that both
// drivers print the same file:line:col. \n, \r\n and a lone \r each end a line,
// so CRLF and old Mac files get the line numbers an editor shows. It is fed
// the stream in order and never needs more than the bytes since its last
// position.
//
// A counter for the middle of a stream (a segment of a large file read in
// parallel) starts at Line 0 with Pos and LineStart at the segment's
// start, and CR set when the byte before it is a \r; its lines are then
// relative to the segment.
type LineCounter struct {
	Pos       int64 // absolute offset up to which lines are counted
	Line      int   // line number at Pos
	LineStart int64 // absolute offset of the start of that line
	CR        bool  // the byte before Pos was a \r (a \n right after it ends no new line)
}

// NewLineCounter returns a counter at the start of a stream: line 1.
func NewLineCounter() LineCounter { return LineCounter{Line: 1} }

// Advance counts the line breaks in b, which holds the stream bytes from
// c.Pos to c.Pos+len(b). It counts with vectorised byte counts: a \r\n is
// one \n plus one \r minus one pair.
func (c *LineCounter) Advance(b []byte) {
	if len(b) == 0 {
		return
	}
	n := bytes.Count(b, []byte{'\n'})
	// bytes.LastIndexByte is a byte-by-byte loop: looking for a line end
	// that is not there would walk the whole buffer backwards.
	last := -1
	if n > 0 {
		last = bytes.LastIndexByte(b, '\n')
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		n += bytes.Count(b, []byte{'\r'}) - bytes.Count(b, []byte("\r\n"))
		last = max(last, bytes.LastIndexByte(b, '\r'))
	}
	if c.CR && b[0] == '\n' {
		n-- // the \n of a \r\n split across two calls
	}
	if last >= 0 {
		c.LineStart = c.Pos + int64(last) + 1
	}
	c.Line += n
	c.CR = b[len(b)-1] == '\r'
	c.Pos += int64(len(b))
}

// Position returns the line and column of the absolute offset off, given
// buf holding the stream from bufBase on. off must not be before c.Pos.
func (c *LineCounter) Position(buf []byte, bufBase, off int64) (line, col int) {
	c.Advance(buf[c.Pos-bufBase : off-bufBase])
	return c.Line, int(off-c.LineStart) + 1
}

// SpanEnd returns the line and column just past a span of buf[start:end]
// that starts at line, col: the end position of a finding.
func SpanEnd(span []byte, line, col int) (int, int) {
	for i := 0; i < len(span); i++ {
		switch {
		case span[i] == '\n' && i > 0 && span[i-1] == '\r':
			col = 1
		case span[i] == '\n' || span[i] == '\r':
			line++
			col = 1
		default:
			col++
		}
	}
	return line, col
}

// LineStarts returns the offset of the first byte of each line of text, as
// go/token's File.SetLines wants them: the same lines as LineCounter's.
func LineStarts(text []byte) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
		case '\n':
		default:
			continue
		}
		if i+1 < len(text) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

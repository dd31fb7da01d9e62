package scanner

import "bytes"

// lineCounter turns increasing absolute byte offsets of a stream into
// 1-based lines and byte columns. \n, \r\n and a lone \r each end a line,
// so CRLF and old Mac files get the line numbers an editor shows. It is fed
// the stream in order and never needs more than the bytes since its last
// position.
type lineCounter struct {
	pos       int64 // absolute offset up to which lines are counted
	line      int   // line number at pos
	lineStart int64 // absolute offset of the start of that line
	cr        bool  // the byte before pos was a \r (a \n right after it ends no new line)
}

func newLineCounter() lineCounter { return lineCounter{line: 1} }

// advance counts the line breaks in b, which holds the stream bytes from
// c.pos to c.pos+len(b). It counts with vectorised byte counts: a \r\n is
// one \n plus one \r minus one pair.
func (c *lineCounter) advance(b []byte) {
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
	if c.cr && b[0] == '\n' {
		n-- // the \n of a \r\n split across two calls
	}
	if last >= 0 {
		c.lineStart = c.pos + int64(last) + 1
	}
	c.line += n
	c.cr = b[len(b)-1] == '\r'
	c.pos += int64(len(b))
}

// position returns the line and column of the absolute offset off, given
// buf holding the stream from bufBase on. off must not be before c.pos.
func (c *lineCounter) position(buf []byte, bufBase, off int64) (line, col int) {
	c.advance(buf[c.pos-bufBase : off-bufBase])
	return c.line, int(off-c.lineStart) + 1
}

// spanEnd returns the line and column just past a span of buf[start:end]
// that starts at line, col: the end position of a finding.
func spanEnd(span []byte, line, col int) (int, int) {
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

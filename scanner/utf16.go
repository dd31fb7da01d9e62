package scanner

import (
	"bytes"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// UTF-16 text, as Windows tools write it (PowerShell's Out-File, regedit
// exports, some .NET configs), is scanned as text: transcoded to UTF-8 on
// the fly, so the core sees "CUDO_API_KEY=<key>" rather than the same
// letters interleaved with NUL bytes, which would make the file binary.
// Line numbers are those of the text; columns count bytes of the
// transcoded UTF-8 text, which for ASCII is characters, as an editor
// shows them.

// textKind is what the head of a stream says it is.
type textKind int

const (
	kindText    textKind = iota // UTF-8, ASCII or another 8-bit encoding
	kindBinary                  // a NUL byte and no UTF-16 pattern
	kindUTF16LE                 // UTF-16, little endian
	kindUTF16BE                 // UTF-16, big endian
)

// sniffText classifies the head of a stream (up to sniffLen bytes). A
// UTF-16 byte order mark says UTF-16. Without one, a head with no NUL byte
// is text and one with a NUL byte is binary, as git decides, unless its
// NUL bytes make the pattern of UTF-16 text that is mostly ASCII: every
// other byte NUL, on the same side.
func sniffText(head []byte) textKind {
	bom := kindText
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}) && !bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}):
		bom = kindUTF16LE
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		bom = kindUTF16BE
	}
	if bom != kindText {
		// Two bytes that read as a byte order mark do not make a file
		// UTF-16: what follows must decode as UTF-16 text. An 8-bit text
		// after them (a key in ASCII) is read as bytes, or it would be
		// read as CJK characters and the key missed.
		if k := utf16Unless(head, bom); k != kindBinary && !isByteText(head[2:]) {
			return k
		}
	}
	if bytes.IndexByte(head, 0) < 0 {
		return kindText
	}
	units := len(head) / 2
	var zeroEven, zeroOdd int
	for i := 0; i+1 < len(head); i += 2 {
		zeroEven += btoi(head[i] == 0)
		zeroOdd += btoi(head[i+1] == 0)
	}
	// Mostly ASCII: at least half the units have a zero high byte, and
	// few a zero low byte (U+0100, U+4E00...).
	switch {
	case zeroOdd*2 >= units && zeroEven*16 <= units:
		return utf16Unless(head, kindUTF16LE)
	case zeroEven*2 >= units && zeroOdd*16 <= units:
		return utf16Unless(head, kindUTF16BE)
	}
	return kindBinary
}

// utf16Unless returns kind, or kindBinary when the head, read as UTF-16 in
// that byte order, holds a U+0000 or more than one control character in a
// hundred: binary data that happens to have every other byte zero (an
// array of small integers) is not text.
func utf16Unless(head []byte, kind textKind) textKind {
	units, controls := 0, 0
	for i := 0; i+1 < len(head); i += 2 {
		u := uint16(head[i]) | uint16(head[i+1])<<8
		if kind == kindUTF16BE {
			u = uint16(head[i])<<8 | uint16(head[i+1])
		}
		units++
		switch {
		case u == 0:
			return kindBinary
		case utf16.IsSurrogate(rune(u)) && !pairedSurrogate(head, i, kind):
			return kindBinary // not valid UTF-16
		case u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f', u == 0x7f:
			controls++
		}
	}
	if controls*100 > units {
		return kindBinary
	}
	return kind
}

// pairedSurrogate reports whether the surrogate unit at head[i:i+2] is a
// high surrogate followed by a low one, or a low surrogate after a high
// one. A unit cut off by the end of the head counts as paired.
func pairedSurrogate(head []byte, i int, kind textKind) bool {
	unit := func(j int) rune {
		if kind == kindUTF16BE {
			return rune(head[j])<<8 | rune(head[j+1])
		}
		return rune(head[j]) | rune(head[j+1])<<8
	}
	u := unit(i)
	if u < 0xdc00 { // high: a low one must follow
		return i+3 >= len(head) || (unit(i+2) >= 0xdc00 && unit(i+2) <= 0xdfff)
	}
	return i >= 2 && unit(i-2) >= 0xd800 && unit(i-2) < 0xdc00
}

// isByteText reports whether b, read as bytes, is plain 8-bit text: no NUL
// byte, and valid UTF-8 or printable ASCII but for one byte in twenty.
// Real UTF-16 text is rarely that: ASCII in UTF-16 has a NUL in every other
// byte, and other scripts have bytes that do not make UTF-8.
func isByteText(b []byte) bool {
	if len(b) == 0 || bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	if trimmed := b[:max(0, len(b)-utf8.UTFMax)]; utf8.Valid(trimmed) && bytes.ContainsAny(trimmed, "\n=:") {
		return true // the head may end inside a rune
	}
	other := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x7f {
			other++
		}
	}
	return other*20 <= len(b)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// utf16Reader transcodes a UTF-16 stream to UTF-8. A byte order mark at
// the start is dropped, so that columns on the first line count from its
// first character. Unpaired surrogates and a trailing odd byte become
// U+FFFD.
type utf16Reader struct {
	r       io.Reader
	be      bool
	raw     []byte // raw bytes read and not yet decoded: at most one
	out     []byte // UTF-8 decoded and not yet returned
	outBuf  []byte
	started bool   // a unit has been decoded: a BOM now is a character
	high    uint16 // a high surrogate waiting for its low half, or 0
	err     error
}

func newUTF16Reader(r io.Reader, kind textKind) *utf16Reader {
	return &utf16Reader{r: r, be: kind == kindUTF16BE, raw: make([]byte, 0, 32<<10)}
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.raw[len(u.raw):cap(u.raw)])
		u.raw = u.raw[:len(u.raw)+n]
		u.decode(err != nil)
		u.err = err
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// decode turns the whole units of u.raw into UTF-8 in u.out; at the end
// of the stream, what is left over too.
func (u *utf16Reader) decode(end bool) {
	out := u.outBuf[:0]
	i := 0
	for ; i+1 < len(u.raw); i += 2 {
		unit := uint16(u.raw[i]) | uint16(u.raw[i+1])<<8
		if u.be {
			unit = uint16(u.raw[i])<<8 | uint16(u.raw[i+1])
		}
		if !u.started {
			u.started = true
			if unit == 0xfeff {
				continue
			}
		}
		out = u.appendUnit(out, unit)
	}
	u.raw = u.raw[:copy(u.raw, u.raw[i:])]
	if end {
		if u.high != 0 {
			out = utf8.AppendRune(out, utf8.RuneError)
			u.high = 0
		}
		if len(u.raw) > 0 {
			out = utf8.AppendRune(out, utf8.RuneError)
			u.raw = u.raw[:0]
		}
	}
	u.outBuf, u.out = out, out
}

// appendUnit decodes one UTF-16 unit, pairing surrogates.
func (u *utf16Reader) appendUnit(out []byte, unit uint16) []byte {
	r := rune(unit)
	switch {
	case u.high != 0 && r >= 0xdc00 && r < 0xe000:
		r = utf16.DecodeRune(rune(u.high), r)
		u.high = 0
		return utf8.AppendRune(out, r)
	case u.high != 0:
		out = utf8.AppendRune(out, utf8.RuneError)
		u.high = 0
	}
	switch {
	case r >= 0xd800 && r < 0xdc00:
		u.high = unit
		return out
	case r >= 0xdc00 && r < 0xe000:
		r = utf8.RuneError
	}
	return utf8.AppendRune(out, r)
}

// countingReader counts the bytes read through it: the size of what was
// scanned is the size of the file, not of its transcoding.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// DecodeText returns the text of a whole file as the scanner reads it:
// UTF-16 transcoded to UTF-8, any other text as it is, and ErrBinary for
// a binary file. Positions in the text it returns are the scanner's, so
// cudovet, which reads whole files, uses it to place findings where
// cudoscan does.
func DecodeText(src []byte) ([]byte, error) {
	switch k := sniffText(src[:min(len(src), sniffLen)]); k {
	case kindBinary:
		return nil, ErrBinary
	case kindUTF16LE, kindUTF16BE:
		return io.ReadAll(newUTF16Reader(bytes.NewReader(src), k))
	}
	return src, nil
}

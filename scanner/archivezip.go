package scanner

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
)

// zip unpacks a zip: read in place when src has random access (a file on
// disk), else read into memory first, within MaxBuffer, since a zip's
// directory is at its end. Its entries are independent: a damaged one is
// skipped and the next one read.
func (u *unpacker) zip(src *source) error {
	if src.at == nil {
		tooLarge := func(size string) error {
			u.skipf(src.path, "%s (a zip of %s in a stream: over %s to hold in memory; unpack it to scan it)",
				reasonTooLarge, size, sizeString(u.lim.MaxBuffer))
			return errStopped{reasonTooLarge}
		}
		if src.size > u.lim.MaxBuffer {
			return tooLarge(sizeString(src.size))
		}
		var buf bytes.Buffer
		if src.size > 0 {
			buf.Grow(int(src.size))
		}
		if _, err := buf.ReadFrom(io.LimitReader(src.reader(), u.lim.MaxBuffer+1)); err != nil {
			return err
		}
		if int64(buf.Len()) > u.lim.MaxBuffer {
			return tooLarge("more than that")
		}
		src.at, src.size = bytes.NewReader(buf.Bytes()), int64(buf.Len())
	}
	if n, ok := zipEntryCount(src.at, src.size); ok && n > uint64(max(0, u.lim.MaxEntries-u.entries)) {
		u.skipf(src.path, "%s (its directory lists %d entries, over %d)", reasonTooLarge, n, u.lim.MaxEntries)
		return errStopped{reasonTooLarge}
	}
	zr, err := zip.NewReader(src.at, src.size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return errOpen{err}
	}
	zr.RegisterDecompressor(zip.Deflate, newFlateReader)
	for _, f := range zr.File {
		if !u.alive() || !u.countEntry(src.path) {
			break
		}
		if strings.HasSuffix(f.Name, "/") {
			continue // a directory
		}
		path, hint := src.path+"!"+f.Name, src.hint+"/"+f.Name
		if f.Flags&1 != 0 {
			u.skipf(path, "%s (encrypted)", reasonEntry)
			continue
		}
		var err error
		rc := openWhole(f)
		if rc == nil {
			rc, err = f.Open()
		}
		switch {
		case errors.Is(err, zip.ErrAlgorithm):
			u.skipf(path, "%s (compression method %d)", reasonEntry, f.Method)
			continue
		case err != nil:
			u.failed(path, err)
			continue
		}
		compressed := int64(f.CompressedSize64) // the reader reads no more of the file than that
		g := newGuard(u, rc, path, func() int64 { return compressed }, nil)
		u.failed(path, u.entry(g, path, hint, src.opened+1))
		rc.Close()
	}
	return nil
}

// zipEntryCount returns the number of entries a zip's end record declares,
// read before zip.NewReader reads the directory they take: a 100 MB zip of
// empty entries lists two million, and their headers would take half a
// gigabyte. ok is false when there is no end record (zip.NewReader then
// fails on its own).
func zipEntryCount(r io.ReaderAt, size int64) (n uint64, ok bool) {
	const endLen, locatorLen, end64Len = 22, 20, 56
	tail := make([]byte, min(size, endLen+0xffff)) // the record, and a comment of up to 64 KiB
	if _, err := r.ReadAt(tail, size-int64(len(tail))); err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || len(tail)-i < endLen {
		return 0, false
	}
	n = uint64(binary.LittleEndian.Uint16(tail[i+10:]))
	// A zip64 end record, located just before, holds the full count.
	if i >= locatorLen && string(tail[i-locatorLen:i-locatorLen+4]) == "PK\x06\x07" {
		off := int64(binary.LittleEndian.Uint64(tail[i-locatorLen+8:]))
		var rec [end64Len]byte
		if off >= 0 && off <= size-end64Len {
			if _, err := r.ReadAt(rec[:], off); err == nil && string(rec[:4]) == "PK\x06\x06" {
				n = binary.LittleEndian.Uint64(rec[32:])
			}
		}
	}
	return n, true
}

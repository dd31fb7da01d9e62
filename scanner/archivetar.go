package scanner

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/klauspost/compress/gzip" // see inflate.go
)

// gzip unpacks a gzip stream: a tar.gz's tar, as the same layer (a .tgz is
// one archive), or one compressed file, reported at "x.gz!name": the name
// the gzip header records, else x.gz's own without its suffix. The stream
// is guarded as a whole: skipping the rest of a tar entry still
// decompresses it.
func (u *unpacker) gzip(src *source) error {
	raw := src.reader()
	zr, err := gzip.NewReader(raw)
	if err != nil {
		return errOpen{err}
	}
	defer zr.Close()
	g := newGuard(u, zr, src.path, raw.count, nil)
	head := make([]byte, 512)
	k, err := io.ReadFull(g, head)
	if k == 0 && err != nil && err != io.EOF {
		return errOpen{err}
	}
	body := io.MultiReader(bytes.NewReader(head[:k]), g)
	if sniffArchive(head[:k]) == archiveTar {
		return u.tar(body, raw.count, &source{path: src.path, hint: src.hint, opened: src.opened})
	}
	name := gzipName(zr.Name, src.path)
	path, hint := src.path+"!"+name, src.hint+"/"+name
	u.failed(path, u.entry(body, path, hint, src.opened+1))
	return nil
}

// gzipName is the name of a gzip stream's file: the header's, without its
// directory, else the stream's own name without its suffix.
func gzipName(header, path string) string {
	if name := header[strings.LastIndexAny(header, `/\`)+1:]; name != "" {
		return name
	}
	base := path[strings.LastIndexAny(path, "/!")+1:]
	lower := strings.ToLower(base)
	for _, suffix := range []string{".gz", ".gzip", ".z"} {
		if strings.HasSuffix(lower, suffix) && len(base) > len(suffix) {
			return base[:len(base)-len(suffix)]
		}
	}
	return base
}

// tar unpacks the tar stream r, whose compressed bytes raw counts (nil: r
// is not compressed), its files reported at "src.path!name". A damaged
// header ends it: a tar has no directory to find the next entry by.
func (u *unpacker) tar(r io.Reader, raw func() int64, src *source) error {
	tc := &countingReader{r: r}
	if raw == nil {
		raw = tc.count
	}
	tr := tar.NewReader(tc)
	for first := true; u.alive(); first = false {
		hdr, err := tr.Next()
		switch {
		case err == io.EOF:
			return nil
		case err != nil && !errors.Is(err, tar.ErrInsecurePath):
			if first {
				return errOpen{err}
			}
			u.failed(src.path, err)
			return nil
		}
		if !u.countEntry(src.path) {
			return nil
		}
		if hdr.Typeflag != tar.TypeReg && hdr.Typeflag != tar.TypeGNUSparse {
			continue // directories, links, devices: no bytes of their own
		}
		path, hint := src.path+"!"+hdr.Name, src.hint+"/"+hdr.Name
		rawStart, tarStart := raw(), tc.n
		g := newGuard(u, tr, path, func() int64 { return raw() - rawStart }, func() int64 { return tc.n - tarStart })
		if err := u.entry(g, path, hint, src.opened+1); err != nil {
			u.failed(path, err)
			var stop errStopped
			if !errors.As(err, &stop) {
				return nil // the stream is broken: the next header would fail the same way
			}
		}
	}
	return nil
}

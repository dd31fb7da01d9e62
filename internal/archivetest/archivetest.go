// Package archivetest builds archives for tests, in memory: the fixtures
// hold keys made at run time (internal/testkeys), so no archive is ever
// committed. It is for tests only.
package archivetest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"testing"
)

// File is one entry of an archive.
type File struct {
	Name string
	Data []byte
	// Store writes a zip entry uncompressed (zip.Store), as jars and
	// Terraform plans may; the default is deflate.
	Store bool
}

// F is a File of text.
func F(name, text string) File { return File{Name: name, Data: []byte(text)} }

// Zip returns a zip of files, in order.
func Zip(t testing.TB, files ...File) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, f := range files {
		method := zip.Deflate
		if f.Store {
			method = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Tar returns a tar of files, in order, as regular files.
func Tar(t testing.TB, files ...File) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, f := range files {
		if err := w.WriteHeader(&tar.Header{Name: f.Name, Mode: 0o644, Size: int64(len(f.Data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Gzip returns data gzipped, with name in the header ("" for none, as
// gzip -n and most libraries write it).
func Gzip(t testing.TB, name string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Name = name
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TarGz returns a gzipped tar of files.
func TarGz(t testing.TB, files ...File) []byte {
	t.Helper()
	return Gzip(t, "", Tar(t, files...))
}

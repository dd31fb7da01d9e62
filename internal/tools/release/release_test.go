package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestHasSection(t *testing.T) {
	log := []byte("# Changelog\n\n## [Unreleased]\n\n## [v1.2.0] - 2026-12-01\n- x\n\n## v1.1.0\n\n## [v1.0.0-rc.1]\n")
	for v, want := range map[string]bool{
		"v1.2.0": true, "v1.1.0": true, "v1.0.0-rc.1": true,
		"v1.0.0": false, // only its release candidate is there
		"v1.2.1": false, "v1.2": false,
	} {
		if got := hasSection(log, v); got != want {
			t.Errorf("hasSection(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestBuildRefuses(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "CHANGELOG.md"), []byte("## [Unreleased]\n"), 0o644)
	for _, c := range []config{
		{version: "1.2.3"},
		{version: "v1.2.3+meta", snapshot: true},
		{version: "v1.2.3"}, // no CHANGELOG section
		{version: "v1.2.3", snapshot: true, platforms: []string{"plan9/386"}},
	} {
		c.out = filepath.Join(root, "dist")
		if err := build(c, root); err == nil {
			t.Errorf("build(%+v) succeeded", c)
		}
		if _, err := os.Stat(c.out); err == nil {
			t.Errorf("build(%+v) failed but wrote %s", c, c.out)
		}
	}
}

// TestArchivesAreReproducible writes each kind of archive twice, from
// files given in different orders, and reads back what it holds.
func TestArchivesAreReproducible(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "cudoscan")
	doc := filepath.Join(dir, "LICENSE")
	os.WriteFile(bin, []byte("\x7fELF binary"), 0o700)
	os.WriteFile(doc, []byte("Apache License"), 0o600)
	files := []file{{name: "cudoscan", path: bin, mode: 0o755}, {name: "LICENSE", path: doc, mode: 0o644}}
	reversed := slices.Clone(files)
	slices.Reverse(reversed)
	mtime := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

	for _, kind := range []struct {
		ext   string
		write func(string, string, []file, time.Time) error
		read  func(*testing.T, []byte) map[string]entry
	}{{".tar.gz", writeTarGz, readTarGz}, {".zip", writeZip, readZip}} {
		a, b := filepath.Join(dir, "a"+kind.ext), filepath.Join(dir, "b"+kind.ext)
		if err := kind.write(a, "pkg", files, mtime); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond) // a wall-clock time would now differ
		if err := kind.write(b, "pkg", reversed, mtime); err != nil {
			t.Fatal(err)
		}
		da, _ := os.ReadFile(a)
		db, _ := os.ReadFile(b)
		if !bytes.Equal(da, db) {
			t.Errorf("%s: two writes of the same files differ", kind.ext)
		}
		got := kind.read(t, da)
		want := map[string]entry{
			"pkg/cudoscan": {"\x7fELF binary", 0o755},
			"pkg/LICENSE":  {"Apache License", 0o644},
		}
		for name, w := range want {
			g, ok := got[name]
			if !ok || g != w {
				t.Errorf("%s: %s = %+v (present %v), want %+v", kind.ext, name, g, ok, w)
			}
		}
	}
}

type entry struct {
	data string
	mode os.FileMode
}

func readTarGz(t *testing.T, data []byte) map[string]entry {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]entry{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" {
			t.Errorf("%s: owner %d:%d %q, want root without names", h.Name, h.Uid, h.Gid, h.Uname)
		}
		b, _ := io.ReadAll(tr)
		if h.Typeflag == tar.TypeReg {
			out[h.Name] = entry{string(b), os.FileMode(h.Mode).Perm()}
		}
	}
}

func readZip(t *testing.T, data []byte) map[string]entry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]entry{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		out[f.Name] = entry{string(b), f.Mode().Perm()}
	}
	return out
}

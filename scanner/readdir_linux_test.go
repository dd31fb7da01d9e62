//go:build linux

package scanner

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestListDirMatchesReadDir lists a directory of every kind of entry, with
// more names than one getdents64 buffer holds, and wants what os.ReadDir
// says: the same names, in the same order, with the same types.
func TestListDirMatchesReadDir(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("n", 60)
	for i := range 1500 { // 1,500 records of 88 bytes: four buffers
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s%04d", long, 1499-i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if l, err := net.Listen("unix", filepath.Join(dir, "sock")); err == nil {
		defer l.Close()
	}
	if err := os.WriteFile(filepath.Join(dir, "é\xff"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var o dirOpener
	defer o.close()
	for round := range 2 { // the second reuses the scratch
		got, err := o.readDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("round %d: %d entries, want %d", round, len(got), len(want))
		}
		for i, d := range want {
			if got[i].name != d.Name() || got[i].typ != d.Type() {
				t.Errorf("round %d, entry %d: %q %v, want %q %v", round, i, got[i].name, got[i].typ, d.Name(), d.Type())
			}
		}
	}
}

// TestListDirErrors: a directory that is gone is fs.ErrNotExist, and a
// file is no directory, named by the path, never a wait on a FIFO.
func TestListDirErrors(t *testing.T) {
	dir := t.TempDir()
	var o dirOpener
	if _, err := o.readDir(filepath.Join(dir, "gone")); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "gone") {
		t.Errorf("missing directory: %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := o.readDir(fifo); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("a FIFO listed as a directory: %v", err)
	}
}

// TestParseDirents reads records as the kernel lays them out: "." and ".."
// left out, the type of each kept, DT_UNKNOWN marked to ask, the name cut
// at its NUL, and a damaged record ending the parse.
func TestParseDirents(t *testing.T) {
	record := func(name string, typ byte) []byte {
		n := (direntNameOff + len(name) + 1 + 7) &^ 7
		rec := make([]byte, n)
		binary.NativeEndian.PutUint16(rec[direntReclenOff:], uint16(n))
		rec[direntTypeOff] = typ
		copy(rec[direntNameOff:], name)
		return rec
	}
	var buf []byte
	for _, r := range []struct {
		name string
		typ  byte
	}{{".", syscall.DT_DIR}, {"..", syscall.DT_DIR}, {"a.go", syscall.DT_REG}, {"d", syscall.DT_DIR},
		{"l", syscall.DT_LNK}, {"u", syscall.DT_UNKNOWN}, {"c", syscall.DT_CHR}} {
		buf = append(buf, record(r.name, r.typ)...)
	}
	bad := record("never", syscall.DT_REG)
	binary.NativeEndian.PutUint16(bad[direntReclenOff:], uint16(len(bad)+8)) // past the end
	buf = append(buf, bad...)

	names, raws := parseDirents(buf, []byte("x"), nil)
	if string(names) != "xa.godluc" {
		t.Errorf("names %q, want %q", names, "xa.godluc")
	}
	want := []rawEntry{{end: 5, typ: 0}, {end: 6, typ: fs.ModeDir}, {end: 7, typ: fs.ModeSymlink},
		{end: 8, ask: true}, {end: 9, typ: fs.ModeDevice | fs.ModeCharDevice}}
	if fmt.Sprint(raws) != fmt.Sprint(want) {
		t.Errorf("entries %v, want %v", raws, want)
	}
}

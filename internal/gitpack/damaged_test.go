package gitpack

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// copyObjects copies the repository's objects directory to a new one,
// which the test may damage.
func copyObjects(t *testing.T, r *gittest.Repo) (dir, packFile string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "objects")
	src := filepath.Join(r.Dir, ".git", "objects", "pack")
	if err := os.MkdirAll(filepath.Join(dir, "pack"), 0o755); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(src, "pack-*"))
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dir, "pack", filepath.Base(name))
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(name) == ".pack" {
			packFile = to
		}
	}
	return dir, packFile
}

// A damaged pack never crashes the reader nor yields other bytes than
// git's: each object reads right or is an error. Bytes are flipped at
// random places (a fixed seed: the same places every run) in the entry
// headers, the deltas and the compressed data alike. Entries are checked
// by zlib, and with ReadOnce, once the extents are found, by the index's
// CRC-32 before they are inflated.
func TestDamagedPackIsAnError(t *testing.T) {
	for _, readOnce := range []bool{false, true} {
		t.Run(fmt.Sprintf("readOnce=%v", readOnce), func(t *testing.T) { testDamagedPack(t, readOnce) })
	}
}

func testDamagedPack(t *testing.T, readOnce bool) {
	r := packedRepo(t, nil)
	objs := gitObjects(t, r)
	rng := rand.New(rand.NewPCG(1, 2))
	var failed int
	for round := range 20 {
		dir, packFile := copyObjects(t, r)
		b, err := os.ReadFile(packFile)
		if err != nil {
			t.Fatal(err)
		}
		for range 8 {
			i := 12 + rng.IntN(len(b)-12-20)
			b[i] ^= byte(1 + rng.IntN(255))
		}
		if err := os.WriteFile(packFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, 20, Options{MaxObject: 1 << 20, CacheBytes: 1 << 20, ReadOnce: readOnce})
		if err != nil {
			t.Fatal(err)
		}
		if readOnce {
			<-s.counted
			if s.packs[0].extents.Load() == nil {
				t.Fatal("no extents found: the CRC-32 check is not what is tested")
			}
		}
		for _, o := range objs {
			typ, data, err := s.Read(mustHex(t, o.oid))
			if err != nil {
				failed++
				continue
			}
			if typ != o.typ || !bytes.Equal(data, o.data) {
				t.Errorf("round %d: %s read as a %s of %d bytes without an error; git has a %s of %d", round, o.oid, typ, len(data), o.typ, len(o.data))
			}
		}
		s.Close()
	}
	if failed == 0 {
		t.Fatal("no read failed: the damage missed every object, the test proves nothing")
	}
}

// A pack cut short after it was opened (mapped, where the system maps)
// faults when read past its new end: that is an error, not a crash.
func TestPackCutShortUnderTheReader(t *testing.T) {
	objs, s := cutShortAfterOpen(t, ".pack")
	var failed int
	for _, o := range objs {
		if _, data, err := s.Read(mustHex(t, o.oid)); err != nil {
			failed++
		} else if !bytes.Equal(data, o.data) {
			t.Errorf("%s: read bytes that differ from git's without an error", o.oid)
		}
	}
	if failed == 0 {
		t.Fatal("every object read from a pack cut to 4 KiB")
	}
}

// An index cut short after it was opened is the same: objects it can no
// longer name are not found (git is asked), never a crash.
func TestIndexCutShortUnderTheReader(t *testing.T) {
	objs, s := cutShortAfterOpen(t, ".idx")
	var lost int
	for _, o := range objs {
		oid := mustHex(t, o.oid)
		if !s.Find(oid).Found() {
			lost++
			if _, _, err := s.Read(oid); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: not contained, yet Read says %v", o.oid, err)
			}
		}
	}
	if lost == 0 {
		t.Fatal("every object still found in an index cut to 4 KiB")
	}
}

// cutShortAfterOpen opens a Store on a copy of a packed repository's
// objects, then cuts its pack file (ext ".pack") or index (".idx") to 4
// KiB. It returns git's objects and the Store.
func cutShortAfterOpen(t *testing.T, ext string) ([]object, *Store) {
	t.Helper()
	r := packedRepo(t, nil)
	objs := gitObjects(t, r)
	dir, packFile := copyObjects(t, r)
	s, err := Open(dir, 20, roomy)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := os.Truncate(strings.TrimSuffix(packFile, ".pack")+ext, 4096); err != nil {
		t.Fatal(err)
	}
	return objs, s
}

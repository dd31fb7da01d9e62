package gitpack

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

func TestMain(m *testing.M) { gittest.Main(m) }

// object is one object as git reads it.
type object struct {
	oid  string
	typ  string
	data []byte
}

// gitObjects returns every object of the repository as git cat-file reads
// it.
func gitObjects(t *testing.T, r *gittest.Repo) []object {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch", "--unordered")
	cmd.Dir = r.Dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(bytes.NewReader(out))
	var objs []object
	for {
		head, err := br.ReadString('\n')
		if err == io.EOF {
			return objs
		}
		f := strings.Fields(head)
		if err != nil || len(f) != 3 {
			t.Fatalf("cat-file: %q, %v", head, err)
		}
		size, _ := strconv.Atoi(f[2])
		data := make([]byte, size+1)
		if _, err := io.ReadFull(br, data); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, object{oid: f[0], typ: f[1], data: data[:size]})
	}
}

// deltas counts the pack entries git stored as deltas.
func deltas(t *testing.T, r *gittest.Repo) int {
	t.Helper()
	idx, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.idx"))
	n := 0
	for _, x := range idx {
		for line := range strings.Lines(r.Git("verify-pack", "-v", x)) {
			// sha type size size-in-pack offset depth base
			if f := strings.Fields(line); len(f) == 7 && len(f[0]) >= 40 {
				n++
			}
		}
	}
	return n
}

// packedRepo is a repository of a few hundred commits, packed by git with
// delta chains: fast-import, then a full repack with the given options.
func packedRepo(t *testing.T, initArgs []string, repack ...string) *gittest.Repo {
	t.Helper()
	r := &gittest.Repo{T: t, Dir: t.TempDir()}
	r.Git(append([]string{"init", "-q"}, initArgs...)...)
	r.Import(gittest.Synth{Commits: 120, Files: 12, PerCommit: 2, Lines: 60, Seed: 7})
	r.Git(append(repack, "repack", "-q", "-a", "-d", "-f", "--depth=30", "--window=20")...)
	return r
}

func openStore(t *testing.T, r *gittest.Repo, hashLen int, opts Options) *Store {
	t.Helper()
	s, err := Open(filepath.Join(r.Dir, ".git", "objects"), hashLen, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if s.Packs() != 1 {
		t.Fatalf("%d packs read, want the 1 git wrote", s.Packs())
	}
	return s
}

var roomy = Options{MaxObject: 1 << 30, CacheBytes: 64 << 20}

// Every object of a packed repository reads as git reads it: commits,
// trees, blobs, through chains of deltas by offset (git's default), by
// name (repack.useDeltaBaseOffset=false), and with SHA-256 names; each
// entry checked by zlib, and with ReadOnce by the index's CRC-32 (the
// extents, awaited here) and then inflated as a bare deflate stream.
func TestReadEveryObjectAsGitDoes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		init     []string
		repack   []string
		hashLen  int
		readOnce bool
	}{
		{"offset deltas", nil, nil, 20, false},
		{"name deltas", nil, []string{"-c", "repack.useDeltaBaseOffset=false"}, 20, false},
		{"sha256", []string{"--object-format=sha256"}, nil, 32, false},
		{"offset deltas, CRC-32", nil, nil, 20, true},
		{"name deltas, CRC-32", nil, []string{"-c", "repack.useDeltaBaseOffset=false"}, 20, true},
		{"sha256, CRC-32", []string{"--object-format=sha256"}, nil, 32, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := packedRepo(t, tc.init, tc.repack...)
			if n := deltas(t, r); n < 100 {
				t.Fatalf("git stored %d deltas: the test needs chains to walk", n)
			}
			opts := roomy
			opts.ReadOnce = tc.readOnce
			s := openStore(t, r, tc.hashLen, opts)
			if tc.readOnce {
				<-s.counted
				if s.packs[0].extents.Load() == nil {
					t.Fatal("no extents found")
				}
			}
			objs := gitObjects(t, r)
			for _, o := range objs {
				typ, data, err := s.Read(mustHex(t, o.oid))
				if err != nil {
					t.Fatalf("%s (%s): %v", o.oid, o.typ, err)
				}
				if typ != o.typ || !bytes.Equal(data, o.data) {
					t.Fatalf("%s: read a %s of %d bytes, git reads a %s of %d", o.oid, typ, len(data), o.typ, len(o.data))
				}
			}
			// Every entry was inflated once: the chains' bases came from
			// the cache.
			if n := s.inflated.Load(); n != int64(len(objs)) {
				t.Errorf("%d entries inflated for %d objects", n, len(objs))
			}
		})
	}
}

// Workers reading at once get what git reads, and build each entry once:
// one waits for the base another is building instead of building it too.
func TestConcurrentReadsBuildEachEntryOnce(t *testing.T) {
	r := packedRepo(t, nil)
	objs := gitObjects(t, r)
	s := openStore(t, r, 20, roomy)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			// Each worker starts at a different place and goes round.
			for i := range objs {
				o := objs[(i+w*len(objs)/4)%len(objs)]
				_, data, err := s.Read(mustHex(t, o.oid))
				if err == nil && !bytes.Equal(data, o.data) {
					err = fmt.Errorf("%s: read bytes differ from git's", o.oid)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := s.inflated.Load(); n != int64(len(objs)) {
		t.Errorf("%d entries inflated for %d objects by 4 workers", n, len(objs))
	}
}

// What the reader does not hold is ErrNotFound, for the caller to ask
// git: a loose object, a name that is nowhere, a name of the wrong length.
func TestNotFound(t *testing.T) {
	r := packedRepo(t, nil)
	s := openStore(t, r, 20, roomy)
	loose := strings.TrimSpace(r.Git("hash-object", "-w", "--stdin")) // empty blob, written loose
	for _, oid := range [][]byte{mustHex(t, loose), bytes.Repeat([]byte{0xab}, 20), {1, 2, 3}} {
		if s.Find(oid).Found() {
			t.Errorf("Find(%x) found it", oid)
		}
		if _, _, err := s.Read(oid); !errors.Is(err, ErrNotFound) {
			t.Errorf("Read(%x): %v, want ErrNotFound", oid, err)
		}
	}
}

// An object over the bound is not built: ErrTooLarge, and the caller
// streams it through git. Smaller ones still read.
func TestTooLarge(t *testing.T) {
	r := packedRepo(t, nil)
	objs := gitObjects(t, r)
	s := openStore(t, r, 20, Options{MaxObject: 1000, CacheBytes: 1 << 20})
	var large, small int
	for _, o := range objs {
		_, data, err := s.Read(mustHex(t, o.oid))
		switch {
		case len(o.data) > 1000:
			large++
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("%s of %d bytes: %v, want ErrTooLarge", o.oid, len(o.data), err)
			}
		case err == nil && bytes.Equal(data, o.data):
			small++
		case !errors.Is(err, ErrTooLarge):
			// A small object whose base is large cannot be built either.
			t.Fatalf("%s of %d bytes: %v", o.oid, len(o.data), err)
		}
	}
	if large == 0 || small == 0 {
		t.Fatalf("%d objects over the bound and %d under: the test needs both", large, small)
	}
}

// A pack index the reader does not know (version 1) is left to git: its
// objects are ErrNotFound, not misread.
func TestIndexVersion1LeftToGit(t *testing.T) {
	r := packedRepo(t, nil, "-c", "pack.indexVersion=1")
	s, err := Open(filepath.Join(r.Dir, ".git", "objects"), 20, roomy)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Packs() != 0 {
		t.Fatalf("read %d packs with a version 1 index", s.Packs())
	}
	head := strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	if _, _, err := s.Read(mustHex(t, head)); !errors.Is(err, ErrNotFound) {
		t.Errorf("Read(HEAD): %v, want ErrNotFound", err)
	}
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

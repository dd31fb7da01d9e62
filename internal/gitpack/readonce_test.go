package gitpack

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// editedRepo is a history of small edits, as people make them: files are
// added one by one, and each commit inserts a line into one of them. A
// full repack then packs each file's newest version whole and the older
// ones as deltas on newer ones, as git gc and every clone do. Each file
// starts with lines lines.
func editedRepo(t testing.TB, commits, files, lines int) *gittest.Repo {
	t.Helper()
	r := &gittest.Repo{T: t, Dir: t.TempDir()}
	r.Git("init", "-q")
	rng := rand.New(rand.NewPCG(11, 13))
	content := make([][]string, 0, files)
	var stream strings.Builder
	for c := range commits {
		msg := fmt.Sprintf("commit %d", c)
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter A <a@example.com> %d +0000\ndata %d\n%s\n", 1600000000+c*60, len(msg), msg)
		i := rng.IntN(len(content) + 1)
		if len(content) < files && (i == len(content) || c%(commits/files) == 0) {
			text := make([]string, lines)
			for l := range text {
				text[l] = fmt.Sprintf("line %d of file %d, %x", l, len(content), rng.Uint64())
			}
			content = append(content, text)
			i = len(content) - 1
		} else {
			i %= len(content)
			at := rng.IntN(len(content[i]) + 1)
			content[i] = append(content[i][:at], append([]string{fmt.Sprintf("edit %d, %x", c, rng.Uint64())}, content[i][at:]...)...)
		}
		data := strings.Join(content[i], "\n") + "\n"
		fmt.Fprintf(&stream, "M 100644 inline file%03d.txt\ndata %d\n%s\n\n", i, len(data), data)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = r.Dir
	cmd.Stdin = strings.NewReader(stream.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fast-import: %v: %s", err, out)
	}
	r.Git("repack", "-q", "-a", "-d", "-f", "--depth=50")
	return r
}

// historyBlobs lists the blobs of the repository's history in the order a
// history scan reads them: oldest commit first, each blob once.
func historyBlobs(t testing.TB, r *gittest.Repo) [][]byte {
	t.Helper()
	seen := map[string]bool{}
	var out [][]byte
	for line := range strings.Lines(r.Git("log", "--reverse", "--raw", "--no-abbrev", "--format=", "--all")) {
		// :100644 100644 old new M\tpath
		f := strings.Fields(line)
		if len(f) < 5 || seen[f[3]] || strings.Trim(f[3], "0") == "" {
			continue
		}
		seen[f[3]] = true
		out = append(out, mustHex(t, f[3]))
	}
	return out
}

// readAll reads oids in order from a Store opened with opts, once its
// counts are made, checks each against git's bytes, and returns how many
// entries it inflated.
func readAll(t *testing.T, r *gittest.Repo, opts Options, oids [][]byte, want map[string][]byte) int64 {
	t.Helper()
	s := openStore(t, r, 20, opts)
	if s.counted != nil {
		<-s.counted
	}
	for _, oid := range oids {
		_, data, err := s.Read(oid)
		if err != nil {
			t.Fatalf("%x: %v", oid, err)
		}
		if !bytes.Equal(data, want[fmt.Sprintf("%x", oid)]) {
			t.Fatalf("%x: read bytes differ from git's", oid)
		}
	}
	return s.inflated.Load()
}

func gitBytes(t *testing.T, r *gittest.Repo) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, o := range gitObjects(t, r) {
		m[o.oid] = o.data
	}
	return m
}

// Read oldest first, as a history scan reads, a repacked history builds
// each file's newer versions on the way to its oldest one. A cache that
// knows which objects are still to be read keeps those, and inflates
// each entry once, where a plain LRU of the same size, which keeps what
// was read and lets go of what was not, inflates some again and again.
func TestReadOnceInflatesEachEntryOnce(t *testing.T) {
	r := editedRepo(t, 600, 40, 80)
	blobs := historyBlobs(t, r)
	want := gitBytes(t, r)
	small := Options{MaxObject: 1 << 30, CacheBytes: 256 << 10}
	if n := readAll(t, r, small, blobs, want); n <= int64(len(blobs)) {
		t.Fatalf("the LRU alone inflated %d entries for %d blobs: the test needs a cache it overflows", n, len(blobs))
	}
	small.ReadOnce = true
	if n := readAll(t, r, small, blobs, want); n != int64(len(blobs)) {
		t.Errorf("%d entries inflated for %d blobs, with the counts", n, len(blobs))
	}
}

// ReadOnce is a promise about speed only: an object read twice, or
// newest first, still reads as git reads it.
func TestReadOnceReadTwiceStillRight(t *testing.T) {
	r := editedRepo(t, 200, 10, 80)
	blobs := historyBlobs(t, r)
	twice := append(slices.Clone(blobs), blobs...)
	slices.Reverse(twice[len(blobs):])
	readAll(t, r, Options{MaxObject: 1 << 30, CacheBytes: 64 << 10, ReadOnce: true}, twice, gitBytes(t, r))
}

// Closing a Store while it still counts waits for the count to stop: the
// packs it reads are unmapped only then (the race detector and a fault
// would say otherwise).
func TestCloseWhileCounting(t *testing.T) {
	r := editedRepo(t, 200, 10, 80)
	for range 20 {
		s, err := Open(filepath.Join(r.Dir, ".git", "objects"), 20, Options{MaxObject: 1 << 30, CacheBytes: 1 << 20, ReadOnce: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// plantedFile builds a file of about size bytes: filler lines with CRLF,
// CR and LF endings, a CUDO mention, and keys, malformed headers and
// directives at random lines. It is the same for the same seed.
func plantedFile(t testing.TB, size int, seed uint64) []byte {
	r := mrand.New(mrand.NewPCG(seed, seed))
	eols := []string{"\n", "\r\n", "\r"}
	var b bytes.Buffer
	b.WriteString("# CUDO Compute settings\n")
	for b.Len() < size {
		eol := eols[r.IntN(len(eols))]
		switch r.IntN(40) {
		case 0:
			fmt.Fprintf(&b, "CUDO_API_KEY=%s%s", testkeys.New(t), eol)
		case 1:
			fmt.Fprintf(&b, `curl -H "Authorization: $CUDO_API_KEY" https://rest.compute.cudo.org/v1/vms%s`, eol)
		case 2:
			fmt.Fprintf(&b, "token = %s # cudoscan:allow fixture%s", testkeys.New(t), eol)
		case 3:
			fmt.Fprintf(&b, "checksum: %s%s", testkeys.New(t), eol)
		default:
			b.WriteString(strings.Repeat("lorem ipsum dolor sit amet ", 1+r.IntN(6)) + eol)
		}
	}
	return b.Bytes()
}

type pos struct {
	rule, kind      string
	line, col       int
	endLine, endCol int
	secret          string
	suppressed      bool
}

func scanBytes(t *testing.T, data []byte, chunk int) []pos {
	t.Helper()
	s := NewStreamScanner(Options{ChunkSize: chunk})
	var got []pos
	n, err := s.Scan(bytes.NewReader(data), "settings.env", func(f Finding) {
		got = append(got, pos{f.RuleID, f.Kind, f.Line, f.Column, f.EndLine, f.EndColumn, f.Secret, f.Suppressed})
	})
	if err != nil || n != int64(len(data)) {
		t.Fatalf("Scan = %d, %v; want %d, nil", n, err, len(data))
	}
	return got
}

// TestChunkSizesAgree checks the streaming invariant: whatever the chunk
// size, a file yields exactly the findings and positions of one whole read.
func TestChunkSizesAgree(t *testing.T) {
	data := plantedFile(t, 300_000, 1)
	whole := scanBytes(t, data, len(data)+1)
	if len(whole) < 20 {
		t.Fatalf("the planted file yields only %d findings; the test needs more", len(whole))
	}
	for _, chunk := range []int{4 * ChunkOverlap, 4*ChunkOverlap + 7, 50_000, 65_536, 100_003} {
		got := scanBytes(t, data, chunk)
		if !reflect.DeepEqual(got, whole) {
			t.Errorf("chunk size %d: %d findings differ from the whole read's %d", chunk, len(got), len(whole))
			for i := range min(len(got), len(whole)) {
				if got[i] != whole[i] {
					t.Errorf("first difference at %d: got %+v, want %+v", i, got[i], whole[i])
					break
				}
			}
		}
	}
}

// TestLinePositions compares the streaming line counter with a naive
// count over the whole file, for every finding.
func TestLinePositions(t *testing.T) {
	data := plantedFile(t, 100_000, 2)
	for _, f := range scanBytes(t, data, 4*ChunkOverlap) {
		if f.secret == "" {
			continue
		}
		off := bytes.Index(data, []byte(f.secret))
		line, col := naivePosition(data, off)
		if f.line != line || f.col != col {
			t.Errorf("%s at %d:%d, naive count says %d:%d", f.rule, f.line, f.col, line, col)
		}
		if f.endLine != line || f.endCol != col+len(f.secret) {
			t.Errorf("%s ends at %d:%d, want %d:%d", f.rule, f.endLine, f.endCol, line, col+len(f.secret))
		}
	}
}

func naivePosition(data []byte, off int) (line, col int) {
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' || (data[i] == '\r' && (i+1 >= len(data) || data[i+1] != '\n')) {
			line++
			start = i + 1
		}
	}
	return line, off - start + 1
}

// TestScanFilesAndStats scans a small tree and checks findings, order and
// counts.
func TestScanFilesAndStats(t *testing.T) {
	dir := t.TempDir()
	key := testkeys.New(t)
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b/.env", "CUDO_API_KEY="+key+"\n")
	write("a/main.tf", "provider \"cudo\" {\n  api_key = \""+key+"\"\n}\n")
	write("a/readme.txt", "nothing\n")
	write("img.bin", "\x00\x01\x02")
	write(".git/config", "CUDO_API_KEY="+key+"\n")

	res, err := Scan(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d %s", f.Path, f.Line, f.Column, f.RuleID))
		if f.Root != dir {
			t.Errorf("root = %q, want %q", f.Root, dir)
		}
	}
	want := []string{"a/main.tf:2:14 cudo-api-key", "b/.env:1:14 cudo-api-key"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	if res.Stats.Files != 3 {
		t.Errorf("files = %d, want 3", res.Stats.Files)
	}
	// The .git directory is skipped, and counted: nothing is left out
	// silently.
	wantSkipped := []Skip{{Path: ".git", Reason: reasonGitDir}, {Path: "img.bin", Reason: "binary"}}
	if !reflect.DeepEqual(res.Stats.Skipped, wantSkipped) {
		t.Errorf("skipped = %+v, want %+v", res.Stats.Skipped, wantSkipped)
	}
}

// TestScanCancelled checks that a cancelled scan stops and says so.
func TestScanCancelled(t *testing.T) {
	dir := t.TempDir()
	for i := range 200 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.txt", i)), []byte("hello\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	res, err := Scan(ctx, []string{dir}, Options{})
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if res == nil || res.Stats.Files != 0 {
		t.Errorf("a scan cancelled before it started scanned %+v", res)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancelled scan took %v", d)
	}
}

// TestUnreadableFile checks that a file that cannot be opened is an error
// naming it and the scan goes on.
func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("x"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Files != 1 || len(res.Stats.Errors) != 1 || res.Stats.Errors[0].Path != "secret.txt" {
		t.Errorf("stats = %+v, want ok.txt scanned and secret.txt an error", res.Stats)
	}
}

// errReader fails after its data, like a disk error in the middle of a file.
type errReader struct{ data []byte }

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, fmt.Errorf("read: input/output error")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestReadErrorMidStream checks that a read error is reported with the
// bytes read so far.
func TestReadErrorMidStream(t *testing.T) {
	res, err := ScanReader(context.Background(), &errReader{[]byte("hello\n")}, "disk.img", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stats.Errors) != 1 || !strings.Contains(res.Stats.Errors[0].Err, "input/output error") {
		t.Errorf("errors = %+v, want the read error", res.Stats.Errors)
	}
}

// TestStreamLateMention checks that a CUDO mention chunks after a Bearer
// key gives it context in a stream, as in one whole read, and that without
// the mention nothing is reported.
func TestStreamLateMention(t *testing.T) {
	key := testkeys.New(t)
	data := bearerFile(key, 8*ChunkOverlap/12, "// client for rest.compute.cudo.org\n")
	noMention := bearerFile(key, 8*ChunkOverlap/12, "")
	const chunk = 4 * ChunkOverlap
	if len(data) < 2*chunk {
		t.Fatalf("%d bytes: the test needs several chunks", len(data))
	}
	got := scanBytes(t, data, chunk)
	if whole := scanBytes(t, data, len(data)+1); len(got) != 1 || got[0].secret != key || got[0].line != 1 || !reflect.DeepEqual(got, whole) {
		t.Errorf("chunked: %+v; whole read: %+v; want the Bearer key on line 1 in both", got, whole)
	}
	if got := scanBytes(t, noMention, chunk); len(got) != 0 {
		t.Errorf("got %+v without a CUDO mention, want nothing", got)
	}
}

// TestFirstReadGrows plants keys across the end of a scanner's small
// buffer, where a stream that fills it moves to a chunk-sized one, and in
// the chunk after: each is found whole, at its place, and the large buffer
// goes back to the pool once the scan ends.
func TestFirstReadGrows(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("# CUDO Compute settings\n")
	filler := func(to int) {
		for b.Len() < to {
			b.WriteString(strings.Repeat("x", min(70, to-b.Len()-1)) + "\n")
		}
	}
	var keys []string
	for _, at := range []int{firstRead - 30, DefaultChunkSize - 20, DefaultChunkSize + 5000} {
		filler(at)
		key := testkeys.New(t)
		keys = append(keys, key)
		fmt.Fprintf(&b, "CUDO_API_KEY=%s\n", key)
	}
	filler(DefaultChunkSize + 9000)
	data := b.Bytes()
	s := NewStreamScanner(Options{})
	var got []Finding
	if _, err := s.Scan(bytes.NewReader(data), "settings.env", func(f Finding) { got = append(got, f) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(keys) {
		t.Fatalf("%d findings, want %d", len(got), len(keys))
	}
	for i, f := range got {
		line, col := naivePosition(data, bytes.Index(data, []byte(keys[i])))
		if f.Secret != keys[i] || f.Line != line || f.Column != col {
			t.Errorf("finding %d: %s at %d:%d, want the key planted at %d:%d", i, f.RuleID, f.Line, f.Column, line, col)
		}
	}
	if cap(s.buf) != firstRead {
		t.Errorf("after the scan the buffer holds %d bytes, want the small one's %d", cap(s.buf), firstRead)
	}
}

// TestHeadDecidesFirst checks that what a stream is, is decided from what
// the small buffer holds, before more is read: a large binary file is read
// no further, and a large archive read as a stream is unpacked from that
// head and the rest, to its end.
func TestHeadDecidesFirst(t *testing.T) {
	s := NewStreamScanner(Options{})
	n, err := s.Scan(bytes.NewReader(make([]byte, 3<<20)), "blob.bin", func(Finding) { t.Error("a finding in a binary file") })
	if !errors.Is(err, ErrBinary) || n != firstRead {
		t.Errorf("a 3 MiB binary stream: %d bytes read, %v; want %d, ErrBinary", n, err, firstRead)
	}

	key := testkeys.New(t)
	var text bytes.Buffer
	for i := 0; text.Len() < 3*firstRead; i++ {
		fmt.Fprintf(&text, "line %d %x\n", i, i*2654435761) // compresses poorly enough to span chunks
	}
	text.WriteString(envFile(key))
	gz := gzOf(t, "deploy.env", text.Bytes())
	if len(gz) <= firstRead {
		t.Fatalf("the gzip holds %d bytes; the test needs more than the small buffer's %d", len(gz), firstRead)
	}
	res, err := ScanReader(context.Background(), bytes.NewReader(gz), "<stdin>", Options{ArchiveDepth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Secret != key || res.Findings[0].Path != "<stdin>!deploy.env" || res.Stats.Bytes != int64(len(gz)) {
		t.Errorf("%d findings (want the key at the end of <stdin>!deploy.env), stats %+v", len(res.Findings), res.Stats)
	}
}

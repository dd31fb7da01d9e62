package scanner

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/archivetest"
	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// TestHeldInputIsScannedAsRead scans inputs held in memory (Input.Data,
// as history passes the blobs it builds) and the same bytes through a
// reader: the findings, skips, counts and errors are the same for text
// with a mention after the first chunk would end, binary, an archive,
// UTF-16, an empty input and one larger than a chunk. The held bytes are
// never written, and a text input that fits a chunk is scanned where it
// lies: nothing is read into the scanner's buffer.
func TestHeldInputIsScannedAsRead(t *testing.T) {
	key := testkeys.New(t)
	env := fmt.Sprintf("CUDO_API_KEY=%s\n", key)
	// The mention that makes the Bearer key a CUDO key comes after it,
	// and after a first read of 64 KiB.
	late := string(bearerFile(key, 7000, "// client for rest.compute.cudo.org\n"))
	inputs := []struct {
		name  string
		data  []byte
		found bool // the key is found in it
	}{
		{"text", []byte(env), true},
		{"mention-late", []byte(late), true},
		{"binary", append([]byte("\x00\x01ELF"), env...), false},
		{"zip", archivetest.Zip(t, archivetest.F("conf/.env", env)), true},
		{"gzip", archivetest.Gzip(t, "x.env", []byte(env)), true},
		{"utf16", encodeUTF16(env, false, true), true},
		{"empty", []byte{}, false},
		{"nil", nil, false},
		{"larger-than-a-chunk", []byte(strings.Repeat("x = 1\n", DefaultChunkSize/6+100) + env), true},
	}
	type result struct {
		Findings []Finding
		Skips    []Skip
		N        int64
		Err      error
	}
	scan := func(in Input) result {
		var r result
		s := NewStreamScanner(Options{ArchiveDepth: DefaultArchiveDepth})
		r.N, r.Err = s.ScanInput(in, func(f Finding) { r.Findings = append(r.Findings, f) }, func(x Skip) { r.Skips = append(r.Skips, x) })
		return r
	}
	for _, c := range inputs {
		t.Run(c.name, func(t *testing.T) {
			read := scan(Input{R: bytes.NewReader(c.data), Size: int64(len(c.data)), Path: "f"})
			before := bytes.Clone(c.data)
			held := scan(Input{Data: c.data, Path: "f"})
			if found := len(held.Findings) == 1 && held.Findings[0].Secret == key; found != c.found {
				t.Errorf("held: findings %+v, want the key: %v", held.Findings, c.found)
			}
			if !reflect.DeepEqual(held, read) {
				t.Errorf("held: %+v\nread: %+v", held, read)
			}
			if !bytes.Equal(c.data, before) {
				t.Error("the held bytes were written to")
			}
		})
	}
	for _, name := range []string{"text", "mention-late"} {
		var data []byte
		for _, c := range inputs {
			if c.name == name {
				data = c.data
			}
		}
		s := NewStreamScanner(Options{})
		if _, err := s.ScanInput(Input{Data: data, Path: "f"}, func(Finding) {}, func(Skip) {}); err != nil {
			t.Fatal(err)
		}
		if n := len(s.buf[:cap(s.buf)]); n != firstRead || bytes.Contains(s.buf[:cap(s.buf)], []byte(key)) {
			t.Errorf("%s: the held input went through the buffer", name)
		}
	}
}

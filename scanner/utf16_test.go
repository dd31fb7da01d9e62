package scanner

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// encodeUTF16 encodes s as UTF-16, big or little endian, with or without
// a byte order mark.
func encodeUTF16(s string, be, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	var b []byte
	for _, u := range units {
		if be {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestUTF16 scans a UTF-16 file in every byte order, with and without a
// BOM, with CRLF line ends and non-ASCII text before the key, through the
// stream (several chunk sizes) and from disk, and checks the key's line and
// column: the column counts bytes of the text transcoded to UTF-8.
func TestUTF16(t *testing.T) {
	key := testkeys.New(t)
	text := "# Paramètres CUDO — été\r\n" + strings.Repeat("# filler line\r\n", 3000) + "$env:CUDO_API_KEY = \"" + key + "\"\r\nWrite-Host \"✓ done 😀\"\r\n"
	wantLine := 3002
	wantCol := len("$env:CUDO_API_KEY = \"") + 1
	for _, form := range []struct {
		name     string
		be, bom  bool
		wantKind textKind
	}{{"le", false, false, kindUTF16LE}, {"le-bom", false, true, kindUTF16LE}, {"be", true, false, kindUTF16BE}, {"be-bom", true, true, kindUTF16BE}} {
		data := encodeUTF16(text, form.be, form.bom)
		if k := sniffText(data[:sniffLen]); k != form.wantKind {
			t.Fatalf("%s: sniffed %v, want %v", form.name, k, form.wantKind)
		}
		for _, chunk := range []int{0, 4 * ChunkOverlap, 4*ChunkOverlap + 1} {
			s := NewStreamScanner(Options{ChunkSize: chunk})
			var got []Finding
			n, err := s.Scan(bytes.NewReader(data), "profile.ps1", func(f Finding) { got = append(got, f) })
			if err != nil || n != int64(len(data)) {
				t.Fatalf("%s/%d: Scan = %d, %v; want %d bytes", form.name, chunk, n, err, len(data))
			}
			if len(got) != 1 || got[0].Secret != key || got[0].Line != wantLine || got[0].Column != wantCol || got[0].EndColumn != wantCol+64 {
				t.Errorf("%s/%d: got %+v, want the key at %d:%d", form.name, chunk, got, wantLine, wantCol)
			}
		}
	}
}

// TestUTF16LargeFile checks that a UTF-16 file large enough to be read by
// parallel segments is streamed instead, whole.
func TestUTF16LargeFile(t *testing.T) {
	key := testkeys.New(t)
	text := strings.Repeat("filler line, cudo\n", segmentMin/36+1) + "CUDO_API_KEY=" + key + "\n"
	data := encodeUTF16(text, false, true)
	p := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), []string{p}, Options{Jobs: 2})
	if err != nil || res.Stats.Files != 1 || res.Stats.Bytes != int64(len(data)) {
		t.Fatalf("Scan: %v, %+v", err, res.Stats)
	}
	if len(res.Findings) != 1 || res.Findings[0].Line != segmentMin/36+2 || res.Findings[0].Column != 14 {
		t.Errorf("got %+v", res.Findings)
	}
}

func TestSniffText(t *testing.T) {
	ints := make([]byte, 4000)
	for i := range ints {
		if i%2 == 0 {
			ints[i] = byte(i / 2 % 32) // small little-endian integers: controls
		}
	}
	for _, c := range []struct {
		name string
		head []byte
		want textKind
	}{
		{"utf-8", []byte("héllo\n"), kindText},
		{"empty", nil, kindText},
		{"nul", []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), kindBinary},
		{"utf-16le", encodeUTF16("hello world\n", false, false), kindUTF16LE},
		{"utf-16be", encodeUTF16("hello world\n", true, false), kindUTF16BE},
		{"utf-16le cjk with bom", encodeUTF16("設定ファイル\n", false, true), kindUTF16LE},
		{"utf-16 with U+0000", encodeUTF16("a\x00b\n", false, true), kindBinary},
		{"utf-32le bom", []byte{0xff, 0xfe, 0, 0, 'a', 0, 0, 0}, kindBinary},
		{"small integers", ints, kindBinary},
		{"nul bytes", make([]byte, 100), kindBinary},
		// Two bytes that look like a byte order mark before 8-bit text:
		// read as bytes, or an ASCII key after them would be missed.
		{"ff fe then ascii", append([]byte{0xff, 0xfe}, "CUDO_API_KEY=0123\nPROJECT=demo\n"...), kindText},
		{"fe ff then ascii", append([]byte{0xfe, 0xff}, "CUDO_API_KEY=0123\nPROJECT=demo\n"...), kindText},
		{"ff fe then utf-8", append([]byte{0xff, 0xfe}, "name = \"café\"\nCUDO_API_KEY=0123\n"...), kindText},
		// An unpaired surrogate is not UTF-16: the bytes decide (a NUL
		// byte, so binary, as git decides).
		{"bom, unpaired surrogate", []byte{0xff, 0xfe, 0x00, 0xd8, 'a', 0, 'b', 0x01}, kindBinary},
		{"utf-16le surrogate pair", encodeUTF16("key 🔑 here\n", false, true), kindUTF16LE},
	} {
		if got := sniffText(c.head); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestUTF16Reader checks the transcoder on surrogate pairs split across
// reads, unpaired surrogates and an odd trailing byte.
func TestUTF16Reader(t *testing.T) {
	data := encodeUTF16("a😀b", false, true)
	data = append(data, 0x00, 0xd8, 'c', 0) // an unpaired high surrogate, then c
	data = append(data, 0x00, 0xdc)         // a lone low surrogate
	data = append(data, 'x')                // an odd byte
	r := newUTF16Reader(iotest.OneByteReader(bytes.NewReader(data)), kindUTF16LE)
	got, err := io.ReadAll(r)
	if err != nil || string(got) != "a😀b\uFFFDc\uFFFD\uFFFD" {
		t.Errorf("got %q, %v", got, err)
	}
}

// TestBOMBeforeByteText checks that a file starting with the bytes of a
// UTF-16 byte order mark but holding 8-bit text is scanned as bytes: the
// key in it is found at its line and column.
func TestBOMBeforeByteText(t *testing.T) {
	key := testkeys.New(t)
	for _, bom := range [][]byte{{0xff, 0xfe}, {0xfe, 0xff}} {
		data := append(append([]byte{}, bom...), "# settings\nCUDO_API_KEY="+key+"\n"...)
		var got []Finding
		if _, err := NewStreamScanner(Options{}).Scan(bytes.NewReader(data), ".env", func(f Finding) { got = append(got, f) }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Secret != key || got[0].Line != 2 || got[0].Column != 14 {
			t.Errorf("% x: got %+v, want the key at 2:14", bom, got)
		}
	}
}

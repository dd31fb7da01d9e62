package scanner

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/archivetest"
	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// openWhole inflates a small deflated entry whole, and leaves every other
// entry to archive/zip's streaming reader: stored, over wholeMax, damaged,
// or failing its CRC-32.
func TestOpenWhole(t *testing.T) {
	key := testkeys.New(t)
	big := testkeys.From(t, "abcdefghijklmnopqrstuvwxyz \n", wholeMax+1) + envFile(key)
	text := strings.Repeat("text to deflate\n", 200) + envFile(key)
	z := zipOf(t, F("small.env", text), archivetest.File{Name: "stored.env", Data: []byte(text), Store: true},
		F("big.txt", big), F("badcrc.env", text), F("damaged.env", strings.Repeat("no key here\n", 300)))
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	// badcrc.env: its directory's CRC-32 is off by one; damaged.env: its
	// deflate data is garbled (its local header is 30 bytes, its name 11).
	for _, f := range zr.File {
		switch f.Name {
		case "badcrc.env":
			f.CRC32++
		case "damaged.env":
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			for i := off + 2; i < off+10; i++ {
				z[i] ^= 0x55
			}
		}
	}
	for _, f := range zr.File {
		rc := openWhole(f)
		whole := f.Name == "small.env"
		if (rc != nil) != whole {
			t.Errorf("%s: inflated whole %v, want %v", f.Name, rc != nil, whole)
		}
		if rc == nil {
			continue
		}
		got, err := io.ReadAll(rc)
		if err != nil || string(got) != text { // only small.env gets here
			t.Errorf("%s: read %d bytes (%v), want its %d", f.Name, len(got), err, len(text))
		}
		rc.Close()
	}
	// Scanned in a tree, each is found where it is, and the damage is
	// reported by the streaming reader, as before. (The directory's CRC
	// of badcrc.env is patched in the bytes now.)
	var crcOff int64 = -1
	for i := bytes.Index(z, []byte("PK\x01\x02")); i >= 0; {
		nameLen := int(binary.LittleEndian.Uint16(z[i+28:]))
		if string(z[i+46:i+46+nameLen]) == "badcrc.env" {
			crcOff = int64(i + 16)
		}
		j := bytes.Index(z[i+4:], []byte("PK\x01\x02"))
		if j < 0 {
			break
		}
		i += 4 + j
	}
	binary.LittleEndian.PutUint32(z[crcOff:], binary.LittleEndian.Uint32(z[crcOff:])+1)
	res := scanArchives(t, map[string]string{"a.zip": string(z)}, Options{})
	// The key in badcrc.env is reported, as the streaming reader read it,
	// and so is the checksum error it found at the entry's end.
	wantKeys(t, res, "a.zip!badcrc.env:202:14", "a.zip!big.txt:"+strconv.Itoa(strings.Count(big, "\n"))+":14",
		"a.zip!small.env:202:14", "a.zip!stored.env:202:14")
	wantSkip(t, res.Stats, "a.zip!badcrc.env", reasonCorrupt+" (zip: checksum error")
	wantSkip(t, res.Stats, "a.zip!damaged.env", reasonCorrupt)
}

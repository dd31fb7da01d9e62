package scanner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// scanDiskFile writes data to a file and scans it with Scan, which reads
// files of segmentMin bytes or more by segments in parallel.
func scanDiskFile(t *testing.T, data []byte, opts Options) []pos {
	t.Helper()
	p := filepath.Join(t.TempDir(), "settings.env")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	opts.MaxFindingsPerFile = -1 // every finding, to compare with a whole read
	res, err := Scan(context.Background(), []string{p}, opts)
	if err != nil || res.Stats.Files != 1 || res.Stats.Bytes != int64(len(data)) {
		t.Fatalf("Scan: %v, stats %+v", err, res.Stats)
	}
	var got []pos
	for _, f := range res.Findings {
		got = append(got, pos{f.RuleID, f.Kind, f.Line, f.Column, f.EndLine, f.EndColumn, f.Secret, f.Suppressed})
	}
	return got
}

// TestSegmentsAgree checks that a large file read by parallel segments
// yields exactly what one start-to-end read does, positions included, for
// small segments and mixed line endings.
func TestSegmentsAgree(t *testing.T) {
	data := plantedFile(t, segmentMin+segmentMin/8, 4)
	want := scanBytes(t, data, len(data)+1)
	got := scanDiskFile(t, data, Options{Jobs: 3, ChunkSize: 4 * ChunkOverlap})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("segments: %d findings, start-to-end: %d", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("first difference at %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
	}
}

// TestSegmentsLongLine puts a key at the end of a line longer than a
// segment: its column counts from the line's start in an earlier segment.
func TestSegmentsLongLine(t *testing.T) {
	key := testkeys.New(t)
	var b bytes.Buffer
	b.WriteString("# CUDO\r\n")
	b.WriteString(strings.Repeat("x", segmentMin/2))
	b.WriteString(" CUDO_API_KEY=" + key + "\n")
	b.WriteString(strings.Repeat("filler line\n", segmentMin/12))
	got := scanDiskFile(t, b.Bytes(), Options{Jobs: 2, ChunkSize: 4 * ChunkOverlap})
	wantCol := segmentMin/2 + len(" CUDO_API_KEY=") + 1
	if len(got) != 1 || got[0].line != 2 || got[0].col != wantCol || got[0].endCol != wantCol+64 {
		t.Errorf("got %+v, want one key at 2:%d", got, wantCol)
	}
}

// TestSegmentsLateMention checks that a CUDO mention at the end of a large
// file gives context to a Bearer key at its start: segments see the whole
// file before they decide.
func TestSegmentsLateMention(t *testing.T) {
	key := testkeys.New(t)
	data := bearerFile(key, segmentMin/12+1000, "// client for rest.compute.cudo.org\n")
	got := scanDiskFile(t, data, Options{Jobs: 2})
	if len(got) != 1 || got[0].secret != key || got[0].line != 1 {
		t.Errorf("got %+v, want the Bearer key on line 1", got)
	}
}

// TestSegmentsNoMention is TestSegmentsLateMention without the mention:
// the Bearer key that a mention elsewhere would have made a CUDO key is
// not reported, and neither is anything else.
func TestSegmentsNoMention(t *testing.T) {
	data := bearerFile(testkeys.New(t), segmentMin/12+1000, "// client for api.example.com\n")
	if got := scanDiskFile(t, data, Options{Jobs: 2}); len(got) != 0 {
		t.Errorf("got %+v, want nothing: the file never mentions CUDO", got)
	}
}

// bearerFile is a Bearer key on line 1, without CUDO context, then
// fillerLines lines of filler, then last: context (or not) far from the key.
func bearerFile(key string, fillerLines int, last string) []byte {
	return []byte(`auth = httptransport.BearerToken("` + key + `")` + "\n" +
		strings.Repeat("filler line\n", fillerLines) + last)
}

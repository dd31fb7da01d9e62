package scanner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// TestMatchSHA256 checks Finding.MatchSHA256: the SHA-256 of exactly the
// matched bytes, the same wherever the match sits in the file, and the
// same when the file is read in small chunks.
func TestMatchSHA256(t *testing.T) {
	key := testkeys.New(t)
	// cudoscan:allow the malformed header is this test's fixture
	header := `curl -H "Authorization: $CUDO_API_KEY" https://rest.compute.cudo.org/v1/vms`
	src := "CUDO_API_KEY=" + key + "\n" + header + "\n"
	moved := strings.Repeat("# filler line about nothing in particular\n", 3000) + src

	hashes := func(data string, chunk int) map[string]string {
		t.Helper()
		s := NewStreamScanner(Options{ChunkSize: chunk})
		out := map[string]string{}
		_, err := s.Scan(bytes.NewReader([]byte(data)), "settings.sh", func(f Finding) {
			if f.MatchSHA256 == "" {
				t.Errorf("%s at %d:%d has no match hash", f.RuleID, f.Line, f.Column)
			}
			out[f.RuleID] = f.MatchSHA256
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := hashes(src, 0)
	if len(first) != 2 {
		t.Fatalf("findings by rule = %v, want a key and a header", first)
	}
	sum := sha256.Sum256([]byte(key))
	if got := first["cudo-api-key"]; got != hex.EncodeToString(sum[:]) {
		t.Errorf("key finding: MatchSHA256 = %s, want the SHA-256 of the matched key", got)
	}
	for name, got := range map[string]map[string]string{
		"moved down":      hashes(moved, 0),
		"in small chunks": hashes(moved, 4*ChunkOverlap),
	} {
		for rule, h := range first {
			if got[rule] != h {
				t.Errorf("%s: %s hash %s, want %s", name, rule, got[rule], h)
			}
		}
	}
}

package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/fuzzcheck"
)

// FuzzFind checks what must hold for any input, whatever it holds: Find
// does not panic, reports offsets inside the buffer in order, never writes
// to the buffer, gives the same answer twice, never puts a secret in a
// message, and still finds a key planted on a line of its own after
// CUDO_API_KEY=, wherever the line is inserted.
func FuzzFind(f *testing.F) {
	n := 0
	for _, r := range All() {
		for _, ex := range r.Examples {
			f.Add([]byte(ex.Render(seedKey(n), seedKey(n+1), seedPrefixedKey(n))), ex.Path, uint16(n))
			n += 2
		}
	}
	key := seedKey(-1)
	for _, s := range []string{
		"",
		"\n",
		"\r\n\r",
		key,                 // a key filling the buffer
		key + key,           // 128 hex digits
		key[:63], key + "a", // one short, one long
		"CUDO_API_KEY=" + key,     // no line end
		"CUDO_API_KEY=\r" + key,   // a lone CR
		"Authorization: Bearer",   // the scheme at the end of the buffer
		"Authorization: Bearer\\", // an escape at the end
		"cudo\"Bearer\\\"",
		"cudo x-",
		"x-api-key",
		"cudo ck_live_",
		"cudo vars.",
		"# cudoscan:allow",
		"cudoscan:allow reason\n" + "CUDO_API_KEY=" + key,
		"cudo " + strings.Repeat("a", 4096),
		"cudo " + strings.Repeat("0123456789abcdef", 300),
		"cudo\n" + strings.Repeat("Authorization: ", 100),
		"cudo\xff\xfe\x00 Bearer \xc3\x28 " + key,
		"- type: cudo\n  creds:\n    api_key: " + key + "\n  - type: vastai\n    creds:\n      api_key: " + key,
		"variable \"cudo_api_key\" {\n  default = \"" + key + "\"\n}",
		"cudo_api_key: |\n  " + key,
	} {
		f.Add([]byte(s), "", uint16(n))
		n++
	}
	detectors := []*Detector{Default, New(Options{ContextWords: []string{"GpuCloud"}, Placeholders: []string{"deadbeef"}})}

	f.Fuzz(func(t *testing.T, src []byte, path string, at uint16) {
		for _, d := range detectors {
			checkMatches(t, src, fuzzcheck.Pure(t, src, func(b []byte) []Match { return d.Find(b, Hint{Path: path}) }))
			checkFileMentionUnknown(t, d, src, path)
		}
		if isChecksumFile(path) {
			return // a lockfile holds digests only: a planted key is not expected
		}
		p := lineBoundary(src, int(at))
		key := hexOf(src) // deterministic, so that a failing input reproduces
		line := "CUDO_API_KEY=" + key + "\n"
		planted := append(append(bytes.Clone(src[:p]), line...), src[p:]...)
		ms := Default.Find(planted, Hint{Path: path})
		checkMatches(t, planted, ms)
		want := p + len("CUDO_API_KEY=")
		for _, m := range ms {
			if m.RuleID == RuleAPIKey && m.Start == want && m.Secret == key {
				return
			}
		}
		t.Fatalf("key planted at line boundary %d not found; matches: %+v\n%q", p, ms, planted)
	})
}

// checkMatches checks the invariants every result of Find keeps.
func checkMatches(t *testing.T, src []byte, ms []Match) {
	t.Helper()
	for i, m := range ms {
		if m.Start < 0 || m.Start > m.End || m.End > len(src) {
			t.Fatalf("match %+v out of range for %d bytes", m, len(src))
		}
		if i > 0 && ms[i-1].Start > m.Start {
			t.Fatalf("matches out of order: %+v before %+v", ms[i-1], m)
		}
		if m.Secret != "" && strings.Contains(m.Message, m.Secret) {
			t.Fatalf("message %q holds the secret", m.Message)
		}
	}
}

// lineBoundary returns the n-th offset (modulo their number) at which a
// line starts in src: 0, or just after a \n or a lone \r.
func lineBoundary(src []byte, n int) int {
	var bounds []int
	for i := 0; i <= len(src); i++ {
		if i == 0 || src[i-1] == '\n' || (src[i-1] == '\r' && (i == len(src) || src[i] != '\n')) {
			bounds = append(bounds, i)
		}
	}
	return bounds[n%len(bounds)]
}

// hexOf returns a 64-hex key derived from b: random-looking, but the same
// for the same input.
func hexOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// seedKey returns the n-th seed key. Seeds are derived, not random, so that
// a seed that fails fails on every run.
func seedKey(n int) string { return hexOf([]byte("seed key " + strconv.Itoa(n))) }

// seedPrefixedKey returns a ck_live_ seed key whose body is not a filler.
func seedPrefixedKey(n int) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	for i := 0; ; i++ {
		sum := sha256.Sum256([]byte("seed ck " + strconv.Itoa(n) + "/" + strconv.Itoa(i)))
		body := make([]byte, 24)
		for j := range body {
			body[j] = alphabet[int(sum[j])%len(alphabet)]
		}
		if !Default.isPlaceholderToken(string(body)) {
			return "ck_live_" + string(body)
		}
	}
}

// checkFileMentionUnknown checks the contract of Hint.FileMentionUnknown
// that chunked and segmented scans rely on: the matches it returns, each
// kept or dropped by its marks, are exactly those of a scan that knows
// there is no CUDO mention elsewhere in the file, and of one that knows
// there is.
func checkFileMentionUnknown(t *testing.T, d *Detector, src []byte, path string) {
	t.Helper()
	unknown, _ := d.FindChunk(src, Hint{Path: path, FileMentionUnknown: true})
	for _, mentioned := range []bool{false, true} {
		want, _ := d.FindChunk(src, Hint{Path: path, FileMentionsCudo: mentioned})
		var got []Match
		for _, m := range unknown {
			if m.NeedsFileMention && !mentioned || m.UnlessFileMention && mentioned {
				continue
			}
			m.NeedsFileMention, m.UnlessFileMention = false, false
			got = append(got, m)
		}
		if len(got) != len(want) || len(got) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("mention elsewhere %v: settled from unknown:\n%+v\nwant:\n%+v", mentioned, got, want)
		}
	}
}

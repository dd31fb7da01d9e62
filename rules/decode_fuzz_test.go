package rules

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cudoscan/cudoscan/internal/fuzzcheck"
)

// Fuzz targets for the decoders and the scans that find encoded values.
// Each checks, for any input: no panic, offsets inside the input, the
// input left unchanged, the same answer twice; and that what an encoder
// writes decodes back. FuzzFindEncoded checks the whole core: a key planted
// encoded, on a line of its own after CUDO_API_KEY=, is found wherever the
// line goes, reported at the encoded value with its encoding.

// decodeSeeds are inputs every decoder target starts from: the encoded
// forms of the decoding tests, binary, and edge cases of each encoding.
func decodeSeeds() []string {
	key := seedKey(0)
	seeds := []string{
		"", "=", "==", "%", "%4", "%41", "\\", "\\u", "\\u00", "\\u{", "\\u{110000}", "\\U0010ffff",
		"\\ud83d\\ude00", "\\ud83d", "\\xff\\x00", "\\\\u0041",
		b64(key), b64url(key + "?>"), strings.TrimRight(b64(key+"\n"), "="),
		hex.EncodeToString([]byte(key)), strings.ToUpper(hex.EncodeToString([]byte("CUDO_API_KEY=" + key))),
		percentAll("CUDO_API_KEY=" + key), escapeAll(key, `\u%04x`), escapeAll(key, `\x%02x`),
		strings.Repeat("A", 200), strings.Repeat("ab+_", 40), string(bytes.Repeat([]byte{0xff, 0x00, 0x80}, 50)),
	}
	for _, c := range encodedCases {
		src, value := c.build(key)
		seeds = append(seeds, src, value)
	}
	return seeds
}

// checkSpans checks the spans a finder reported: inside the input, in
// order, not overlapping.
func checkSpans(t *testing.T, n int, spans []span) {
	t.Helper()
	end := 0
	for _, s := range spans {
		if s.lo < end || s.lo > s.hi || s.hi > n {
			t.Fatalf("span %v out of order or range (input %d bytes, previous end %d)", s, n, end)
		}
		end = s.hi
	}
}

// checkTokens runs a token search over in with fuzzcheck.Pure and checkSpans,
// checks that every token holds its first escape, of at least escLen
// bytes, and returns the tokens.
func checkTokens(t *testing.T, in []byte, forEach func([]byte, func(lo, first, hi int)), escLen int) []span {
	t.Helper()
	toks := fuzzcheck.Pure(t, in, func(b []byte) []span {
		var s []span
		forEach(b, func(lo, first, hi int) {
			if first < lo || first+escLen > hi {
				t.Fatalf("token %d-%d with its first escape at %d", lo, hi, first)
			}
			s = append(s, span{lo, hi})
		})
		return s
	})
	checkSpans(t, len(in), toks)
	return toks
}

// checkSplitDecode checks what decodeToken relies on: a token decodes as
// its part before its first escape followed by the rest.
func checkSplitDecode(t *testing.T, tok []byte, first int, decode func([]byte) []byte) {
	t.Helper()
	whole := decode(tok)
	split := append(decode(tok[:first]), decode(tok[first:])...)
	if !bytes.Equal(whole, split) {
		t.Fatalf("%q decodes to %q whole, %q split at its first escape (%d)", tok, whole, split, first)
	}
}

// checkRoundTrip checks that decode turns encoded, an encoding of in,
// back into in.
func checkRoundTrip(t *testing.T, in []byte, encoded string, decode func([]byte) ([]byte, bool)) {
	t.Helper()
	if got, ok := decode([]byte(encoded)); !ok || !bytes.Equal(got, in) {
		t.Fatalf("%q encoded as %q decodes to %q, %v", in, encoded, got, ok)
	}
}

func FuzzDecodeBase64(f *testing.F) {
	for _, s := range decodeSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		type result struct {
			text []byte
			ok   bool
		}
		fuzzcheck.Pure(t, in, func(b []byte) result { text, ok := decodeBase64(b); return result{text, ok} })
		runs := fuzzcheck.Pure(t, in, func(b []byte) []span {
			var s []span
			forEachBase64Run(b, func(lo, hi int) { s = append(s, span{lo, hi}) })
			return s
		})
		checkSpans(t, len(in), runs)
		for _, r := range runs {
			run := in[r.lo:r.hi]
			if len(bytes.TrimRight(run, "=")) < minBase64Run || len(run)-len(bytes.TrimRight(run, "=")) > 2 {
				t.Fatalf("run %q is too short or badly padded", run)
			}
			if text, _, ok := decodeRun(run); ok && len(text) > len(run) {
				t.Fatalf("%q decoded to something longer: %q", run, text)
			}
		}
		// Round trip: whatever an encoder writes of text decodes back.
		if !looksLikeText(in) {
			return
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			checkRoundTrip(t, in, enc.EncodeToString(in), decodeBase64)
		}
	})
}

func FuzzDecodeHex(f *testing.F) {
	for _, s := range decodeSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		type result struct {
			text []byte
			ok   bool
		}
		r := fuzzcheck.Pure(t, in, func(b []byte) result { text, ok := decodeHex(b); return result{text, ok} })
		if r.ok && len(r.text)*2 > len(in) {
			t.Fatalf("%q decoded to something longer: %q", in, r.text)
		}
		if !looksLikeText(in) {
			return
		}
		for _, e := range []string{hex.EncodeToString(in), strings.ToUpper(hex.EncodeToString(in))} {
			checkRoundTrip(t, in, e, decodeHex)
		}
	})
}

func FuzzDecodePercent(f *testing.F) {
	for _, s := range decodeSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if out := fuzzcheck.Pure(t, in, decodePercent); len(out) > len(in) {
			t.Fatalf("%q decoded to something longer: %q", in, out)
		}
		toks := checkTokens(t, in, forEachPercentToken, len("%00"))
		for _, s := range toks {
			if bytes.IndexByte(in[s.lo:s.hi], '%') < 0 {
				t.Fatalf("token %q holds no escape", in[s.lo:s.hi])
			}
		}
		forEachPercentToken(in, func(lo, first, end int) { checkSplitDecode(t, in[lo:end], first-lo, decodePercent) })
		if got := decodePercent([]byte(percentAll(string(in)))); !bytes.Equal(got, in) {
			t.Fatalf("%q round-trips to %q", in, got)
		}
	})
}

func FuzzDecodeEscapes(f *testing.F) {
	for _, s := range decodeSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if out := fuzzcheck.Pure(t, in, decodeEscapes); len(out) > len(in) {
			t.Fatalf("%q decoded to something longer: %q", in, out)
		}
		if first, want := fuzzcheck.Pure(t, in, firstEscape), naiveFirstEscape(in); first != want {
			t.Fatalf("%q: first escape at %d, want %d", in, first, want)
		} else if first >= 0 {
			checkSplitDecode(t, in, first, decodeEscapes)
		}
		words := fuzzcheck.Pure(t, in, func(b []byte) []span {
			var s []span
			forEachLongWord(b, func(lo, hi int, _ uint8) { s = append(s, span{lo, hi}) })
			return s
		})
		checkSpans(t, len(in), words)
		if want := naiveLongWords(in); !reflect.DeepEqual(words, want) {
			t.Fatalf("long words %v, want %v", words, want)
		}
		if got := decodeEscapes([]byte(escapeAll(string(in), `\x%02x`))); !bytes.Equal(got, in) {
			t.Fatalf("%q round-trips through \\x to %q", in, got)
		}
		if utf8.Valid(in) {
			var b strings.Builder
			for _, r := range string(in) {
				for _, u := range utf16Units(r) {
					b.WriteString(`\u` + hex.EncodeToString([]byte{byte(u >> 8), byte(u)}))
				}
			}
			if got := decodeEscapes([]byte(b.String())); !bytes.Equal(got, in) {
				t.Fatalf("%q round-trips through \\u to %q", in, got)
			}
		}
	})
}

// naiveFirstEscape is firstEscape written plainly: decodeEscapes' walk,
// byte by byte, up to the first \u, \U or \x escape.
func naiveFirstEscape(b []byte) int {
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if _, n := escapeAt(b, i); n > 0 {
			return i
		}
		i++ // the escaped byte
	}
	return -1
}

// naiveLongWords is forEachLongWord written plainly.
func naiveLongWords(b []byte) []span {
	return naiveRuns(b, func(c byte) bool { return wordClass[c] != 0 }, minEncoded)
}

// naiveRuns returns, in order, the maximal runs of bytes of b that in
// accepts, at least min long: the reference for the sampled searches.
func naiveRuns(b []byte, in func(byte) bool, min int) []span {
	var out []span
	for i := 0; i < len(b); {
		if !in(b[i]) {
			i++
			continue
		}
		j := i
		for j < len(b) && in(b[j]) {
			j++
		}
		if j-i >= min {
			out = append(out, span{i, j})
		}
		i = j
	}
	return out
}

// utf16Units encodes a rune as JSON's \u escapes do: one unit, or a
// surrogate pair.
func utf16Units(r rune) []uint16 {
	if r >= 0x10000 {
		r -= 0x10000
		return []uint16{uint16(0xd800 + r>>10), uint16(0xdc00 + r&0x3ff)}
	}
	return []uint16{uint16(r)}
}

// encoders are the encodings FuzzFindEncoded plants a key line in.
var encoders = []struct {
	name string
	enc  func(string) string
}{
	{"base64", b64},
	{"base64", b64url},
	{"hex", func(s string) string { return hex.EncodeToString([]byte(s)) }},
	{"percent", percentAll},
	{"escape", func(s string) string { return escapeAll(s, `\u%04x`) }},
	{"escape", func(s string) string { return escapeAll(s, `\x%02x`) }},
}

func FuzzFindEncoded(f *testing.F) {
	for i, s := range decodeSeeds() {
		f.Add([]byte(s), "", uint16(i), uint8(i))
	}
	for i, c := range encodedCases {
		src, _ := c.build(seedKey(i))
		f.Add([]byte(src), c.path, uint16(i), uint8(i))
	}
	f.Fuzz(func(t *testing.T, src []byte, path string, at uint16, how uint8) {
		checkMatches(t, src, fuzzcheck.Pure(t, src, func(b []byte) []Match { return Default.Find(b, Hint{Path: path}) }))
		if isChecksumFile(path) {
			return
		}
		// Plant CUDO_API_KEY=<key>, encoded, then the name and the encoded
		// bare key, on lines of their own at a line boundary.
		e := encoders[int(how)%len(encoders)]
		key := hexOf(src)
		p := lineBoundary(src, int(at))
		for _, form := range []struct{ prefix, value string }{
			{"", e.enc("CUDO_API_KEY=" + key)},
			{"CUDO_API_KEY=", e.enc(key)},
		} {
			line := form.prefix + form.value + "\n"
			planted := append(append(bytes.Clone(src[:p]), line...), src[p:]...)
			ms := Default.Find(planted, Hint{Path: path})
			checkMatches(t, planted, ms)
			found := false
			for _, m := range ms {
				// An escaped token may take in the name before it.
				inLine := m.Start >= p && m.End == p+len(line)-1
				found = found || (m.RuleID == RuleAPIKey && m.Secret == key && m.Encoding == e.name && inLine)
			}
			if !found {
				t.Fatalf("%s key planted as %q at line boundary %d not found; matches: %+v\n%q", e.name, line, p, ms, planted)
			}
		}
	})
}

package rules

import (
	"bytes"
	"sort"
)

// Keys hide in encoded values: base64 in a Kubernetes Secret's data:,
// percent-encoded in a URL, \u-escaped by a JSON serializer, hex-dumped.
// An encoded key is at least 64 bytes without a space, a quote or the
// punctuation of code, so encoded values are sought only in such long
// words: found by a window of 32 such bytes in the pass that also finds
// "cudo" and "ck_" (scanPatterns), or by a test of 16 bytes in every 48
// (decode_words.go). In code and prose, nearly every test fails at once.
// In a long word, base64 and hex runs, %XX and \u/\x escapes are
// decoded, and a value is kept only when the text it decodes to holds key
// material: a 64-hex run or a ck_live_/ck_test_ prefix, directly or under
// further layers of encoding. The kept values are substituted in place,
// each in the context it was written in, and the whole core runs again on
// that text: a bare key base64-encoded under CUDO_API_KEY: in a Secret
// gets its name from the line it sits on, and base64 of
// "CUDO_API_KEY=<key>" names itself.
// What the second run finds inside a decoded value is reported at the
// encoded value, with the encodings it was found under.

// DefaultDecodeDepth is how many layers of encoding are decoded by
// default: two reach a key in base64 inside base64, as in a Kubernetes
// Secret holding a .dockerconfigjson whose auth is base64 again.
const DefaultDecodeDepth = 2

// The names of the encodings, as Match.Encoding reports them.
const (
	EncodingBase64  = "base64"
	EncodingHex     = "hex"
	EncodingPercent = "percent"
	EncodingEscape  = "escape"
)

// encoded is a value found encoded in a buffer.
type encoded struct {
	start, end int    // the value as written
	enc        string // how it is encoded
	text       []byte // what it decodes to
}

// span is a range of a buffer.
type span struct{ lo, hi int }

// forEachEncoded calls fn with every encoded value of src that decodes,
// until fn returns false. Values may overlap: a percent-encoded URL can
// hold a base64 run.
func forEachEncoded(src []byte, fn func(encoded) bool) {
	more := true
	forEachLongWord(src, func(lo, hi int, class uint8) {
		more = more && forEachEncodedIn(src, lo, hi, class, fn)
	})
}

// forEachEncodedIn calls fn with every encoded value that decodes in
// src[lo:hi], a long word whose bytes are of class (as forEachLongWord
// finds them), until fn returns false; it returns false then.
func forEachEncodedIn(src []byte, lo, hi int, class uint8, fn func(encoded) bool) bool {
	more := true
	base64Run := func(start, end int) {
		if !more {
			return
		}
		if text, enc, ok := decodeRun(src[lo+start : lo+end]); ok {
			if enc == EncodingBase64 {
				text = passwordOf(text)
			}
			more = fn(encoded{lo + start, lo + end, enc, text})
		}
	}
	w := src[lo:hi]
	switch {
	case len(w) < minBase64Run:
	case class&(wordNotB64|wordPad) == 0:
		base64Run(0, len(w)) // the common blob: one run, unpadded
	case class&wordNotB64 == 0 && isPadded(w):
		base64Run(0, len(w))
	default:
		forEachBase64Run(w, base64Run)
	}
	if more && class&wordPercent != 0 {
		forEachPercentToken(w, func(tlo, first, end int) {
			if more && end-tlo >= minEncoded {
				more = fn(decodeToken(w, lo, tlo, first, end, EncodingPercent, decodePercent))
			}
		})
	}
	if more && class&wordEscape != 0 {
		// The word is the token: escapes are word bytes.
		if first := firstEscape(w); first >= 0 {
			more = fn(decodeToken(w, lo, 0, first, len(w), EncodingEscape, decodeEscapes))
		}
	}
	return more
}

// decodeToken decodes a percent-encoded or escaped token of w, which starts at
// base in the buffer. What is written before the first escape decodes to
// itself, so the value is taken from the first escape on, where a key it
// holds is reported, unless only the whole token holds key material: a
// base64 value whose + and / were percent-encoded must be decoded whole
// to be decoded again.
//
// The token decodes as its part before the first escape followed by the
// rest (the escapes are read from its start either way), so only the
// short part is decoded again for the whole.
func decodeToken(w []byte, base, lo, first, end int, enc string, decode func([]byte) []byte) encoded {
	text := decode(w[first:end])
	if first == lo || hasKeyMaterial(text) {
		return encoded{base + first, base + end, enc, text}
	}
	return encoded{base + lo, base + end, enc, append(decode(w[lo:first]), text...)}
}

// isPadded reports whether the only '=' in w are one or two at its end.
func isPadded(w []byte) bool {
	i := bytes.IndexByte(w, '=')
	return i >= 0 && i >= len(w)-2 && bytes.Count(w[i:], []byte("=")) == len(w)-i
}

// passwordOf returns the password of HTTP Basic credentials, user:password,
// the form a Docker config's auth and a Basic Authorization header
// base64-encode: the key is the password, and the user name before it is
// not its name. A user part that names a credential (CUDO_API_KEY:<key>)
// is kept: it is the key's name. Any other text is returned as it is.
func passwordOf(text []byte) []byte {
	i := bytes.IndexByte(text, ':')
	if i <= 0 || i > namesBack || i == len(text)-1 {
		return text
	}
	for _, c := range text {
		if c <= ' ' || c == '"' || c == '\'' || c == '{' || c == '}' || c == '<' || c == '>' || c == 0x7f {
			return text
		}
	}
	switch classifyName(string(text[:i]), nil) {
	case nameCudoKey, nameGeneric:
		return text
	}
	return text[i+1:]
}

// hasKeyMaterial reports whether text could hold a key: a run of exactly
// 64 lowercase hex digits, or a prefixed key's prefix.
func hasKeyMaterial(text []byte) bool {
	found := false
	forEachHexRun(text, func(int, int) { found = true })
	return found || bytes.Contains(text, []byte("k_live_")) || bytes.Contains(text, []byte("k_test_"))
}

// worthDecoding reports whether decoded text holds key material, directly
// or within depth-1 further layers of encoding.
func worthDecoding(text []byte, depth int) bool {
	if hasKeyMaterial(text) {
		return true
	}
	found := false
	if depth > 1 {
		forEachEncoded(text, func(e encoded) bool {
			found = worthDecoding(e.text, depth-1)
			return !found
		})
	}
	return found
}

// worthKeeping appends e to found if the text it decodes to holds key
// material within depth layers of encoding (at least 1): the values
// findEncoded scans.
func worthKeeping(found []encoded, e encoded, depth int) []encoded {
	if worthDecoding(e.text, depth) {
		found = append(found, e)
	}
	return found
}

// encodedIn returns, in order, the values encoded in src[r] for each r in
// regions that are worth keeping (worthKeeping), placed in src.
func encodedIn(src []byte, regions []span, depth int) []encoded {
	var found []encoded
	for _, r := range regions {
		forEachEncoded(src[r.lo:r.hi], func(e encoded) bool {
			e.start, e.end = e.start+r.lo, e.end+r.lo
			found = worthKeeping(found, e, depth)
			return true
		})
	}
	return found
}

// findEncoded runs the core on found, the values encoded in src worth
// keeping, in order, and appends what it finds in them to out, which holds
// the matches found in src as written. depth is how many layers of
// encoding are left to decode, at least 1.
func (d *Detector) findEncoded(src []byte, hint Hint, m *mentions, depth int, found []encoded, out []Match) []Match {
	if len(found) == 0 {
		return out
	}
	syn, subs := substitute(src, dropOverlaps(found))
	inner := hint
	// An assumed mention stays an assumption in the decoded text: the
	// inner pass marks what depends on it.
	inner.FileMentionsCudo = m.fileLevel() && !m.fileMentionAssumed
	decoded := make([]span, len(subs))
	for i, s := range subs {
		decoded[i] = span{s.at, s.at + len(s.text)}
	}
	ms, _ := d.find(syn, inner, depth-1, decoded)
	// Matches in one decoded value are adjacent once sorted, so that
	// duplicates meet.
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	written := asWritten(out)
	first := len(out)
	for _, x := range ms {
		s, ok := substAt(subs, x.Start)
		// A match with no secret in a decoded value (a directive, a header
		// that names a variable) says nothing a reader of the file can act
		// on; a key also found as written is reported there, once.
		if !ok || x.Secret == "" || written.has(x.Secret, s.start, s.end) {
			continue
		}
		x.Start, x.End = s.start, s.end
		x.Encoding = joinEncodings(s.enc, x.Encoding)
		x.Suppressed, x.SuppressReason = false, ""
		if k := sameFinding(out[first:], x); k >= 0 {
			// The same key twice in one value (a Docker config's
			// password and its auth): report the shallowest.
			if len(x.Encoding) < len(out[first+k].Encoding) {
				out[first+k] = x
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// subst is an encoded value replaced by its text in the buffer that
// substitute builds.
type subst struct {
	encoded
	at int // where the text starts in that buffer
}

// substMargin is how much context around an encoded value is copied with
// it: more than the core's reach, so that a key decoded in place sees the
// context it would see written there.
const substMargin = 2 * ContextReach

// windowBreak separates the windows of substitute. The core never looks
// further than ContextReach from a candidate, and every decoded value is
// at least substMargin from a window's edge, so what it joins never counts.
var windowBreak = []byte("\n\n")

// substitute returns the text the decoded values are scanned in: the
// context around each value as written, with the value replaced by what
// it decodes to. Values within reach of each other share one window.
// found is ordered and does not overlap.
func substitute(src []byte, found []encoded) ([]byte, []subst) {
	var syn []byte
	var subs []subst
	for i := 0; i < len(found); {
		j := i + 1
		for j < len(found) && found[j].start-found[j-1].end <= 2*substMargin {
			j++
		}
		if len(syn) > 0 {
			syn = append(syn, windowBreak...)
		}
		prev := max(0, found[i].start-substMargin)
		for _, e := range found[i:j] {
			syn = append(syn, src[prev:e.start]...)
			subs = append(subs, subst{e, len(syn)})
			syn = append(syn, e.text...)
			prev = e.end
		}
		syn = append(syn, src[prev:min(len(src), found[j-1].end+substMargin)]...)
		i = j
	}
	return syn, subs
}

// dropOverlaps orders values by position and keeps, of values that
// overlap, the one that starts first (the longest, on a tie): a
// percent-encoded URL rather than the base64 run inside it, which the next
// layer decodes.
func dropOverlaps(found []encoded) []encoded {
	sort.Slice(found, func(i, j int) bool {
		if found[i].start != found[j].start {
			return found[i].start < found[j].start
		}
		return found[i].end > found[j].end
	})
	kept := found[:0]
	end := -1
	for _, e := range found {
		if e.start >= end {
			kept = append(kept, e)
			end = e.end
		}
	}
	return kept
}

// substAt returns the substituted value whose text holds offset pos of the
// substituted buffer.
func substAt(subs []subst, pos int) (subst, bool) {
	i := sort.Search(len(subs), func(i int) bool { return subs[i].at > pos }) - 1
	if i < 0 || pos >= subs[i].at+len(subs[i].text) {
		return subst{}, false
	}
	return subs[i], true
}

// writtenKeys indexes the secrets of the matches found in a buffer as
// written, by secret.
type writtenKeys map[string][]span

func asWritten(ms []Match) writtenKeys {
	w := writtenKeys{}
	for _, m := range ms {
		if m.Secret != "" {
			w[m.Secret] = append(w[m.Secret], span{m.Start, m.End})
		}
	}
	return w
}

// has reports whether secret was found as written overlapping [lo, hi).
func (w writtenKeys) has(secret string, lo, hi int) bool {
	for _, s := range w[secret] {
		if s.lo < hi && s.hi > lo {
			return true
		}
	}
	return false
}

// sameFinding returns the index of the match of ms that reports what x
// does at the same place, or -1. ms is ordered by position and ends with
// the matches at x's, so the search stops at the first one before it.
func sameFinding(ms []Match, x Match) int {
	for k := len(ms) - 1; k >= 0 && ms[k].Start == x.Start; k-- {
		if ms[k].RuleID == x.RuleID && ms[k].Kind == x.Kind && ms[k].Secret == x.Secret {
			return k
		}
	}
	return -1
}

// joinEncodings names nested encodings, outermost first: base64>percent
// is a percent-encoded value inside a base64 one.
func joinEncodings(outer, inner string) string {
	if inner == "" {
		return outer
	}
	return outer + ">" + inner
}

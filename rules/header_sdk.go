package rules

import (
	"bytes"
	"strings"
)

// The OpenAPI generator's clients keep the scheme apart from the key and
// join them when they send a request:
//
//	configuration.api_key['Authorization'] = key           # Python
//	configuration.api_key_prefix['Authorization'] = 'Bearer'
//	Configuration(api_key={'Authorization': key}, api_key_prefix={'Authorization': 'Bearer'})
//	$config->setApiKey('Authorization', $key)->setApiKeyPrefix('Authorization', 'Bearer'); // PHP
//	cudo.APIKey{Key: k, Prefix: "Bearer"}                    // Go
//
// The key's half is not a header without a scheme: whether the scheme is
// right is decided where the prefix is set, which may be another file.

// sdkSlot says which half of a split Authorization header a header name
// stands in.
type sdkSlot int

const (
	slotNone      sdkSlot = iota
	slotKey               // api_key['Authorization'], setApiKey('Authorization', ...), ApiKey.Add("Authorization", ...)
	slotPrefix            // api_key_prefix['Authorization'], setApiKeyPrefix('Authorization', ...)
	slotAPIKeyMap         // Go: map[string]APIKey{"Authorization": <an APIKey>}
)

// slotReach bounds how far before a header name the container or setter
// that holds it is sought: past quotes, brackets, an assignment and the
// line break and indentation of a dict written one entry per line.
const slotReach = 64

// sdkSlotOf classifies the header name starting at n by the container or
// setter it is written in: the nearest identifier before it, past the
// quote, bracket, brace, parenthesis or assignment that opens the entry.
func sdkSlotOf(src []byte, n int) sdkSlot {
	i := n
	for lo := max(0, n-slotReach); i > lo && slotPunct[src[i-1]]; i-- {
	}
	if i == n || i == 0 {
		return slotNone
	}
	if c := lower(src[i-1]); c != 'y' && c != 'x' && c != 'd' {
		return slotNone // not ...apikey, ...apikeyprefix or .Add: the common case
	}
	word, start := slotWord(src, i)
	if src[i] == '{' {
		// A composite literal of a type: map[string]APIKey{...}.
		if word == "apikey" {
			return slotAPIKeyMap
		}
		return slotNone
	}
	if word == "add" && start > 0 && src[start-1] == '.' {
		// C#: Configuration.ApiKey.Add("Authorization", key).
		word, _ = slotWord(src, start-1)
	}
	switch word {
	case "apikey", "setapikey":
		return slotKey
	case "apikeyprefix", "setapikeyprefix":
		return slotPrefix
	}
	return slotNone
}

// slotPunct are the bytes between a container or setter and the header
// name it holds: api_key['Authorization'], setApiKey('Authorization',
// api_key={\n    "Authorization": ...}.
var slotPunct = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n\"'`[({=:") {
		t[c] = true
	}
	return t
}()

// slotWord returns the identifier that ends at e, lowercased without _ and
// $ (api_key, apiKey and $apiKey read alike), and where it starts.
func slotWord(src []byte, e int) (string, int) {
	i := e
	for i > 0 && e-i < 64 && (isAlnum(src[i-1]) || src[i-1] == '_' || src[i-1] == '$') {
		i--
	}
	var buf [32]byte
	w := buf[:0]
	for _, c := range src[i:e] {
		if c != '_' && c != '$' && len(w) < len(buf) {
			w = append(w, lower(c))
		}
	}
	return string(w), i
}

// checkPrefixSlot checks the scheme an SDK joins to the key: it must be
// Bearer. Anything that is not a scheme word (a variable) is left alone.
func (d *Detector) checkPrefixSlot(src []byte, v int, w window, m *mentions, out []Match) []Match {
	end := valueEnd(src, v)
	s := v
	for s < end && (isLetter(src[s]) || src[s] == '-') {
		s++
	}
	word := strings.ToLower(string(src[v:s]))
	if s == v || (s < end && src[s] != ' ') || !schemeWords[word] {
		return out
	}
	conf := d.headerConfidence(src, v, end, w, m)
	switch {
	case string(src[v:s]) == "Bearer":
		return out
	case word == "bearer":
		return append(out, d.headerMatch(src, KindLowercase, v, s, "", conf))
	}
	return append(out, d.headerMatch(src, KindWrongScheme, v, s, "", conf))
}

// checkAPIKeyStruct checks a Go openapi client's APIKey{Key: k, Prefix:
// "Bearer"} written as the value of an "Authorization" entry. It reports
// whether the value at v is such a struct (then nothing else applies).
func (d *Detector) checkAPIKeyStruct(src []byte, v int, w window, m *mentions, out []Match) ([]Match, bool) {
	if v >= len(src) || src[v] != '{' {
		return out, false
	}
	body := src[v:min(len(src), v+200)]
	if c := bytes.IndexByte(body, '}'); c >= 0 {
		body = body[:c+1]
	}
	if !bytes.Contains(body, []byte("Key:")) {
		return out, false
	}
	p := bytes.Index(body, []byte("Prefix:"))
	if p < 0 {
		// The client sends Key alone: no scheme.
		conf := d.headerConfidence(src, v, v+len(body), w, m)
		return append(out, d.headerMatch(src, KindNoScheme, v, v+len(body), "", conf)), true
	}
	q := v + p + len("Prefix:")
	for q < v+len(body) && (src[q] == ' ' || src[q] == '\t') {
		q++
	}
	if q < len(src) && isQuote(src[q]) {
		out = d.checkPrefixSlot(src, q+1, w, m, out)
	}
	return out, true
}

// inSDKKeySlot reports whether the name t, found before a value, is the
// key half of a split header: api_key['Authorization'] = "<key>" or the
// Key field of APIKey{Key: "<key>"}. A key literal there is certainly a
// key meant for the API the file configures.
func inSDKKeySlot(src []byte, t token) bool {
	switch {
	case strings.EqualFold(t.text, "authorization"):
		return sdkSlotOf(src, t.start) == slotKey
	case t.text == "Key":
		before := bytes.TrimRight(src[max(0, t.start-32):t.start], " \t{")
		return bytes.HasSuffix(before, []byte("APIKey")) || bytes.HasSuffix(bytes.TrimRight(before, " \t:"), []byte(`"Authorization"`))
	}
	return false
}

// isCurlBearerFlag reports whether the "bearer" at b is curl's
// --oauth2-bearer option, which sends "Authorization: Bearer <value>".
func isCurlBearerFlag(src []byte, b int) bool {
	return hasSuffixFold(src[max(0, b-7):b], "oauth2-")
}

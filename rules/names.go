package rules

import (
	"bytes"
)

// nameClass is what a name near a candidate says about it. The name a value
// is assigned to is the strongest evidence a text scanner has: CUDO_API_KEY
// makes a 64-hex string a key, sha256 makes it a checksum.
type nameClass int

const (
	nameOther   nameClass = iota // a name that says nothing about credentials
	nameNoise                    // a keyword or type between name and value: const, string, value
	nameDecoy                    // the value is a digest or an id: sha256, checksum, commit
	nameForeign                  // a credential of another service: GITHUB_TOKEN
	nameGeneric                  // a credential of no named service: api_key, token
	nameBearer                   // the Bearer scheme or a helper named after it: BearerToken
	nameCudo                     // names CUDO but no credential: CudoClient, cudo
	nameCudoKey                  // a CUDO credential: CUDO_API_KEY, cudoApiKey
)

// credentialWords mark a name as holding a credential.
var credentialWords = set("key", "keys", "apikey", "token", "tokens", "secret", "secrets",
	"auth", "authorization", "authorisation", "bearer", "password", "passwd", "pwd",
	"credential", "credentials", "creds", "cred", "accesskey", "authtoken", "accesstoken")

// decoyWords mark a name as holding something that looks like a key but is
// not one. They win over every other word: cudo_api_key_sha256 is a hash.
var decoyWords = set("sha", "sha1", "sha2", "sha3", "sha224", "sha256", "sha384", "sha512",
	"shasum", "sha256sum", "sha1sum", "md5", "hash", "hashes", "hashed", "digest", "digests",
	"checksum", "checksums", "sum", "sums", "integrity", "fingerprint", "fingerprints",
	"commit", "commits", "oid", "rev", "revision", "etag", "uuid", "guid", "nonce", "salt",
	"hmac", "signature", "sig", "id", "ids", "tree", "parent", "object", "blob", "head",
	"ref", "refs", "tx", "txid", "address", "addr", "pubkey", "public", "cert", "certificate",
	"iv", "seed", "mac", "cid", "zh", "h1", "sri")

// noiseWords sit between a name and its value without meaning anything:
// types (const k string = ...), modifiers, conversions and the value field
// of a name/value pair (Kubernetes env, XML attributes).
var noiseWords = set("value", "values", "val", "default", "data", "string", "str", "text",
	"const", "let", "var", "final", "static", "readonly", "new", "return", "of", "is", "in",
	"echo", "print", "printf", "println", "def", "func", "function", "fn", "public", "private",
	"protected", "internal", "char", "byte", "bytes", "raw", "literal", "stringdata", "env",
	"environment", "export", "set", "setenv", "putenv", "define", "getenv", "get", "os",
	"environ", "local", "declare", "readonly", "static", "mut", "pub", "lazy", "go", "python",
	// Conversions and wrappers around a literal: String::from("..."), Some("...").
	"from", "some")

// qualifierWords may stand beside a credential word in a generic name
// without naming another service: MY_API_KEY, prod_access_token.
var qualifierWords = set("api", "access", "private", "client", "user", "my", "your", "our",
	"the", "a", "default", "prod", "production", "dev", "development", "test", "testing",
	"staging", "stage", "live", "x", "header", "service", "app", "application", "personal",
	"env", "environment", "compute", "cloud", "gpu", "provider", "config", "cfg", "conf",
	"account", "admin", "master", "root", "new", "old", "current", "primary", "secondary",
	"backup", "ci", "deploy", "deployment", "local", "remote", "global", "bot", "session",
	"var", "opts", "options", "settings", "params", "param", "arg", "flag", "with", "for",
	"raw", "plain", "main", "svc", "http", "https", "rest", "request", "req", "tf", "terraform",
	"input", "team", "org", "project", "workspace", "pat", "self", "this", "value", "cli",
	"set", "get", "use", "is", "to")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// splitWords splits a name into lowercase words at _, -, ., spaces and
// camelCase boundaries: "cudoAPIKey" -> cudo, api, key.
func splitWords(name string) []string {
	var words []string
	var buf [32]byte
	for it := (wordIter[string]{name: name}); ; {
		w, ok := it.next(&buf)
		if !ok {
			return words
		}
		words = append(words, string(w))
	}
}

// classifyName says what a name means for a value assigned to it. Only the
// last dotted segment counts (self.api_key, vars.CUDO_API_KEY,
// process.env.CUDO_API_KEY); extra are user-configured context words.
//
// It runs for the names before every candidate, so it allocates nothing:
// words are lowered into a buffer on the stack, and map lookups on
// string(buf) do not copy.
func classifyName[T string | []byte](name T, extra []string) nameClass {
	end := len(name)
	for end > 0 && name[end-1] == '.' {
		end--
	}
	for i := end - 1; i >= 0; i-- {
		if name[i] == '.' {
			name = name[i+1:]
			break
		}
	}
	var buf [32]byte
	var cudo, credential, bearer, foreign bool
	words, firstLen := 0, 0
	var first [32]byte
	for it := (wordIter[T]{name: name}); ; {
		w, ok := it.next(&buf)
		if !ok {
			break
		}
		if words == 0 {
			firstLen = copy(first[:], w)
		}
		words++
		switch {
		case decoyWords[string(w)]:
			return nameDecoy
		case isCudoWord(w, extra):
			cudo = true
		case bytes.HasPrefix(w, []byte("bearer")):
			bearer, credential = true, true
		case credentialWords[string(w)]:
			credential = true
		case qualifierWords[string(w)] || isNumber(w):
		default:
			foreign = true
		}
	}
	switch {
	case words == 0 || (words == 1 && firstLen == 1):
		return nameNoise // %s, \n, f"...": fragments of formats and escapes
	case cudo && credential:
		return nameCudoKey
	case cudo:
		return nameCudo
	case words == 1 && noiseWords[string(first[:firstLen])]:
		return nameNoise
	case bearer && !foreign:
		return nameBearer
	case credential && foreign:
		return nameForeign
	case credential:
		return nameGeneric
	}
	return nameOther
}

// wordIter yields the words of a name as splitWords splits them.
type wordIter[T string | []byte] struct {
	name T
	i    int
}

// next returns the next word, lowered into buf (a longer word is cut to
// its first 32 bytes: no word the lists know is that long).
func (it *wordIter[T]) next(buf *[32]byte) ([]byte, bool) {
	name := it.name
	for it.i < len(name) && !isAlnum(name[it.i]) {
		it.i++
	}
	if it.i >= len(name) {
		return nil, false
	}
	start := it.i
	for it.i++; it.i < len(name) && isAlnum(name[it.i]) && !camelBoundary(name, it.i); it.i++ {
	}
	n := 0
	for j := start; j < it.i && n < len(buf); j++ {
		buf[n] = lower(name[j])
		n++
	}
	return buf[:n], true
}

// camelBoundary reports whether a new word starts at name[i] inside a run
// of letters and digits: fooBar, APIKey.
func camelBoundary[T string | []byte](name T, i int) bool {
	c, prev := name[i], name[i-1]
	if c < 'A' || c > 'Z' {
		return false
	}
	if prev >= 'a' && prev <= 'z' {
		return true // fooBar
	}
	return prev >= 'A' && prev <= 'Z' && i+1 < len(name) && name[i+1] >= 'a' && name[i+1] <= 'z' // APIKey
}

// IsCudoKeyName reports whether an identifier names a CUDO credential: it
// contains cudo plus key, token, secret or auth, in any case and any
// separator style (CUDO_API_KEY, cudoApiKey, TF_TEST_CUDO_API_KEY). A name
// that also says it holds a digest (cudo_key_sha256) does not count.
func IsCudoKeyName(name string) bool { return classifyName(name, nil) == nameCudoKey }

// IsKeyName reports whether an identifier names a bare credential: a CUDO
// key name or a credential of no named service (apiKey, token), but not
// another service's (GITHUB_TOKEN), a digest (keySHA256) or a name that says
// it holds a whole header value, scheme included (authHeader, bearerToken).
// It is the test the header rule applies to a value sent without a scheme.
func IsKeyName(name string) bool {
	c := classifyName(name, nil)
	return (c == nameCudoKey || c == nameGeneric) && !isHeaderish(name)
}

// MentionsCudo reports whether s names CUDO as this package reads names
// (cudo as a word or a camelCase part; not escudo, not cudoscan).
func MentionsCudo(s string) bool {
	m := findMentions([]byte(s), "", nil)
	return len(m.all) > 0
}

func isCudoWord(w []byte, extra []string) bool {
	if bytes.HasPrefix(w, []byte("cudo")) && !bytes.HasPrefix(w, []byte("cudoscan")) && !bytes.HasPrefix(w, []byte("cudovet")) {
		return true
	}
	for _, e := range extra {
		if string(w) == e {
			return true
		}
	}
	return false
}

func isNumber(w []byte) bool {
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) {
			return false
		}
	}
	return true
}

// token is a name found in the text before a candidate.
type token struct {
	start, end int // offsets in the buffer
	text       string
	class      nameClass
}

// lastIdent returns the last name in b, or "".
func lastIdent(b []byte) string {
	end := len(b)
	for end > 0 && !isIdentByte(b[end-1]) {
		end--
	}
	start := end
	for start > 0 && isIdentByte(b[start-1]) {
		start--
	}
	return string(b[start:end])
}

// namesBefore lists the names in src[lo:hi], nearest first, classified.
func namesBefore(src []byte, lo, hi int, extra []string) []token {
	return namesBeforeUpTo(nil, src, lo, hi, extra, -1)
}

// namesBeforeUpTo is namesBefore that appends to toks and stops after the
// first limit names that are neither noise nor an auth scheme (no limit
// when negative). A value's name is almost always the nearest name before
// it, or the header name behind a scheme (Authorization: Basic <key>);
// classifying every name of a long line for each candidate made a log full
// of digests slow.
func namesBeforeUpTo(toks []token, src []byte, lo, hi int, extra []string, limit int) []token {
	for i := hi; i > lo; {
		for i > lo && !isIdentByte(src[i-1]) {
			i--
		}
		end := i
		for i > lo && isIdentByte(src[i-1]) {
			i--
		}
		if end == i {
			break
		}
		b := bytes.Trim(src[i:end], ".-")
		if len(b) == 0 {
			continue
		}
		t := token{start: i, end: end, class: classifyName(b, extra)}
		if pathOfDigest(src, lo, i) {
			t.class = nameDecoy
		}
		var buf [32]byte
		l := buf[:copy(buf[:], b)]
		for k := range l {
			l[k] = lower(l[k])
		}
		scheme := schemeWords[string(l)]
		if t.class != nameNoise || scheme || valueFieldWords[string(l)] {
			t.text = string(b) // only the names a caller may look at
		}
		toks = append(toks, t)
		if t.class != nameNoise && !scheme {
			if limit--; limit == 0 {
				break
			}
		}
	}
	return toks
}

// pathOfDigest reports whether the name starting at i is the last part of
// a slash-separated key whose earlier part names a digest: the Helm
// annotation checksum/cudo-secret: <sha256> (rendered from
// {{ include ... | sha256sum }}) or sha256/<name>. Whatever the last part
// says, the value is a checksum.
func pathOfDigest(src []byte, lo, i int) bool {
	if i <= lo || src[i-1] != '/' {
		return false
	}
	j := i - 1
	for j > lo && isAlnum(src[j-1]) {
		j--
	}
	return classifyName(src[j:i-1], nil) == nameDecoy
}

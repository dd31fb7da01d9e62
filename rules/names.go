package rules

import "strings"

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
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(name[start:end]))
		}
		start = -1
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := name[i-1]
		upper := c >= 'A' && c <= 'Z'
		switch {
		case upper && prev >= 'a' && prev <= 'z': // fooBar
			flush(i)
			start = i
		case upper && prev >= 'A' && prev <= 'Z' && i+1 < len(name) && name[i+1] >= 'a' && name[i+1] <= 'z': // APIKey
			flush(i)
			start = i
		}
	}
	flush(len(name))
	return words
}

// classifyName says what a name means for a value assigned to it. Only the
// last dotted segment counts (self.api_key, vars.CUDO_API_KEY,
// process.env.CUDO_API_KEY); extra are user-configured context words.
func classifyName(name string, extra []string) nameClass {
	if i := strings.LastIndexByte(strings.TrimRight(name, "."), '.'); i >= 0 {
		name = name[i+1:]
	}
	words := splitWords(name)
	if len(words) == 0 {
		return nameNoise
	}
	if len(words) == 1 && len(words[0]) == 1 {
		return nameNoise // %s, \n, f"...": fragments of formats and escapes
	}
	var cudo, credential, bearer, foreign bool
	for _, w := range words {
		switch {
		case decoyWords[w]:
			return nameDecoy
		case isCudoWord(w, extra):
			cudo = true
		case w == "bearer" || strings.HasPrefix(w, "bearer"):
			bearer, credential = true, true
		case credentialWords[w]:
			credential = true
		case qualifierWords[w] || isNumber(w):
		default:
			foreign = true
		}
	}
	switch {
	case cudo && credential:
		return nameCudoKey
	case cudo:
		return nameCudo
	case len(words) == 1 && noiseWords[words[0]]:
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

func isCudoWord(w string, extra []string) bool {
	if strings.HasPrefix(w, "cudo") && !strings.HasPrefix(w, "cudoscan") && !strings.HasPrefix(w, "cudovet") {
		return true
	}
	for _, e := range extra {
		if w == e {
			return true
		}
	}
	return false
}

func isNumber(w string) bool {
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
	var toks []token
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
		text := strings.Trim(string(src[i:end]), ".-")
		if text == "" {
			continue
		}
		toks = append(toks, token{start: i, end: end, text: text, class: classifyName(text, extra)})
	}
	return toks
}

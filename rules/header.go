package rules

import (
	"bytes"
	"strings"
)

// The kinds of cudo-auth-header match.
const (
	KindNoScheme     = "no-scheme"
	KindWrongScheme  = "wrong-scheme"
	KindLowercase    = "lowercase-scheme"
	KindMissingSpace = "missing-space"
	KindDoubleSpace  = "double-space"
	KindDoubleScheme = "double-scheme"
	KindQuotedKey    = "quoted-key"
	KindWhitespace   = "whitespace"
	KindHeaderName   = "header-name"
)

// headerMessages say what is wrong with each kind and what to do.
var headerMessages = map[string]string{
	KindNoScheme:     `Authorization header without the Bearer scheme: CUDO answers 401; send "Authorization: Bearer <key>"`,
	KindWrongScheme:  `Authorization header with the wrong scheme: CUDO accepts only "Bearer <key>"`,
	KindLowercase:    `lowercase "bearer" scheme: servers accept it, but write "Bearer" as CUDO's docs and clients do`,
	KindMissingSpace: `"Bearer" is glued to the key: CUDO answers 401; put exactly one space between them`,
	KindDoubleSpace:  `more than one space after "Bearer": use exactly one`,
	KindDoubleScheme: `the Bearer scheme is written twice: the value probably already carried it`,
	KindQuotedKey:    `the key is quoted inside the Authorization value: the quotes become part of the key and CUDO answers 401`,
	KindWhitespace:   `whitespace or a newline inside the Authorization value after the key (a key read from a file and not trimmed): trim it`,
	KindHeaderName:   `CUDO reads the key only from the Authorization header: send "Authorization: Bearer <key>"`,
}

// HeaderMessage returns the message of a cudo-auth-header kind (KindNoScheme,
// KindMissingSpace...), or "" for an unknown kind. Drivers that find header
// problems the text rules cannot see (the cudovet analyzer) use it so that
// every tool words a problem the same way.
func HeaderMessage(kind string) string { return headerMessages[kind] }

// findHeaders reports malformed Authorization headers in CUDO context:
// within reach of a CUDO mention. Only those parts of src are searched, so
// a large file that mentions CUDO once costs one window, not a search of
// the whole file for words as common as "bearer".
func (d *Detector) findHeaders(src []byte, m *mentions, out []Match) []Match {
	for _, r := range m.reach(len(src)) {
		out = d.findAuthorizationValues(src, r, m, out)
		out = d.findBearerForms(src, r, m, out)
	}
	return d.findWrongHeaderNames(src, m, out)
}

func (d *Detector) headerMatch(src []byte, kind string, start, end int, secret string, conf Confidence) Match {
	sev := SeverityError
	if kind == KindLowercase {
		sev = SeverityWarning
	}
	return Match{RuleID: RuleAuthHeader, Kind: kind, Severity: sev, Confidence: conf,
		Start: start, End: end, Secret: secret, Message: headerMessages[kind]}
}

// forEachWord calls fn with the start of every occurrence of word that
// starts in r; see forEachWordIn.
func forEachWord(src []byte, r window, word string, fn func(start int)) {
	forEachWordIn(src, r.lo, r.hi, word, fn)
}

// findAuthorizationValues checks the values assigned to Authorization
// headers: no scheme, a wrong scheme, a lowercase scheme, a misspelt name.
func (d *Detector) findAuthorizationValues(src []byte, r window, m *mentions, out []Match) []Match {
	forEachWord(src, r, "authori", func(n int) {
		k := n
		for k < len(src) && isLetter(src[k]) {
			k++
		}
		word := strings.ToLower(string(src[n:k]))
		if word != "authorization" && word != "authorisation" {
			return
		}
		if hasSuffixFold(src[max(0, n-6):n], "proxy-") {
			return
		}
		w := around(len(src), n, k)
		if !m.near(w.lo, w.hi) {
			return
		}
		v, ok := valueStart(src, k)
		if sv, swift := swiftHeaderValue(src, n); swift {
			v, ok = sv, true
		} else if ok {
			v, _ = namedValueField(src, v)
		}
		if !ok {
			return
		}
		if word == "authorisation" {
			// Only a request to a CUDO host makes the spelling a bug.
			if m.hostNear(w.lo, w.hi) {
				out = append(out, d.headerMatch(src, KindHeaderName, n, k, "", ConfidenceHigh))
			}
			return
		}
		switch sdkSlotOf(src, n) {
		case slotKey:
			return // the scheme is checked where the prefix is set
		case slotPrefix:
			out = d.checkPrefixSlot(src, v, w, m, out)
			return
		case slotAPIKeyMap:
			if src[v] != '{' {
				return // a variable holding an APIKey: its Prefix is set elsewhere
			}
		}
		if lit, ok := formatLiteral(src, v); ok {
			v = lit
		}
		out = d.checkAuthorizationValue(src, v, w, m, out)
	})
	return out
}

// valueStart skips from the end of a header name to its value: quotes,
// spaces and one assignment mark (: = , => >). It fails for a header name
// that is read rather than set (Get("Authorization")) or that stands in
// prose without an assignment mark.
func valueStart(src []byte, k int) (int, bool) {
	i, assigned := k, false
	for ; i < len(src) && i < k+16; i++ {
		switch src[i] {
		case ' ', '\t', '"', '\'', '`', '\\', ']':
		case ':', '=', ',', '>':
			assigned = true
		case '+', '.':
			// The literal that holds the header name is concatenated with
			// the value (with . in PHP, + elsewhere): the value follows.
			if p := bytes.TrimRight(src[k:i], " \t"); !assigned || !isQuote(p[len(p)-1]) {
				return i, assigned
			}
		case ')':
			return 0, false
		default:
			// A string prefix: f"...", b'...', $"...", r"...".
			if i+1 < len(src) && strings.IndexByte("fFbBrRuU$@", src[i]) >= 0 && (src[i+1] == '"' || src[i+1] == '\'') {
				i++
				continue
			}
			return i, assigned
		}
	}
	return 0, false
}

// schemeWords are the auth schemes people wrongly send to CUDO.
var schemeWords = set("token", "basic", "api-key", "apikey", "key", "jwt", "digest", "bearer")

// IsWrongScheme reports whether word is an auth scheme other than Bearer
// that people send to CUDO by mistake (Token, Basic, Api-Key), in any case.
// The analyzer uses it so that both drivers know the same schemes.
func IsWrongScheme(word string) bool {
	w := strings.ToLower(word)
	return w != "bearer" && schemeWords[w]
}

func (d *Detector) checkAuthorizationValue(src []byte, v int, w window, m *mentions, out []Match) []Match {
	end := valueEnd(src, v)
	if hasPrefixFold(src[v:end], "bearer") && (v+6 >= end || !isLetter(src[v+6])) {
		if string(src[v:v+6]) != "Bearer" {
			out = append(out, d.headerMatch(src, KindLowercase, v, v+6, "", d.headerConfidence(src, v, end, w, m)))
		}
		return out // every other Bearer form is checked by findBearerForms
	}
	if out, done := d.checkAPIKeyStruct(src, v, w, m, out); done {
		return out
	}
	scheme := v
	for scheme < end && (isLetter(src[scheme]) || src[scheme] == '-') {
		scheme++
	}
	if scheme < end && src[scheme] == ' ' && schemeWords[strings.ToLower(string(src[v:scheme]))] {
		cred := scheme
		for cred < end && src[cred] == ' ' {
			cred++
		}
		// The literal holds a credential after the scheme, or ends with the
		// scheme and is joined to one: "Token " + os.environ["CUDO_API_KEY"].
		if cred < end || joinedAfter(src, end) {
			return append(out, d.headerMatch(src, KindWrongScheme, v, scheme, keyAt(src, cred), d.headerConfidence(src, v, end, w, m)))
		}
		return out
	}
	if secret := keyAt(src, v); secret != "" {
		return append(out, d.headerMatch(src, KindNoScheme, v, v+len(secret), secret, ConfidenceHigh))
	}
	if containsBearer(src[v:end]) {
		return out
	}
	if ref, refEnd := d.credentialRef(src, v, end); ref && !assignedBearer(src, v, refEnd) {
		return append(out, d.headerMatch(src, KindNoScheme, v, refEnd, "", d.headerConfidence(src, v, end, w, m)))
	}
	return out
}

// headerConfidence is high when the value names CUDO or a CUDO host is
// near, medium when only a CUDO mention is.
func (d *Detector) headerConfidence(src []byte, v, end int, w window, m *mentions) Confidence {
	if inRange(m.all, v, end) || m.hostNear(w.lo, w.hi) || m.blockNear(w.lo, w.hi) {
		return ConfidenceHigh
	}
	return ConfidenceMedium
}

// valueEnd returns where a header value starting at v ends: at the end of
// its line, at the quote that closes it when a quote opened it, at ; or }
// otherwise, and never more than 200 bytes on.
func valueEnd(src []byte, v int) int {
	limit := min(len(src), v+200)
	var quote byte
	if v > 0 && (src[v-1] == '"' || src[v-1] == '\'' || src[v-1] == '`') {
		quote = src[v-1]
	}
	for i := v; i < limit; i++ {
		switch c := src[i]; {
		case c == '\n' || c == '\r':
			return i
		case quote != 0 && c == quote && src[i-1] != '\\':
			return i
		case quote == 0 && (c == ';' || c == '}' || c == ','):
			return i
		}
	}
	return limit
}

// keyAt returns the 64-hex or prefixed key starting at i, or "".
func keyAt(src []byte, i int) string {
	if i+KeyLen <= len(src) && IsKeyShaped(string(src[i:i+KeyLen])) &&
		(i+KeyLen == len(src) || !isAlnum(src[i+KeyLen])) {
		return string(src[i : i+KeyLen])
	}
	if bytes.HasPrefix(src[i:], []byte("ck_live_")) || bytes.HasPrefix(src[i:], []byte("ck_test_")) {
		e := i + 8
		for e < len(src) && (isAlnum(src[e]) || src[e] == '_' || src[e] == '-') {
			e++
		}
		return string(src[i:e])
	}
	return ""
}

func containsBearer(b []byte) bool {
	for i := 0; i+6 <= len(b); i++ {
		if hasPrefixFold(b[i:], "bearer") {
			return true
		}
	}
	return false
}

// headerishWords mark a variable that holds a whole header value, scheme
// included (authHeader, auth_value): assigning it is not a missing scheme.
var headerishWords = set("auth", "authorization", "authorisation", "header", "headers", "hdr", "bearer")

// isHeaderish reports whether a name says it holds a whole header value.
func isHeaderish(name string) bool {
	for _, w := range splitWords(name) {
		if headerishWords[w] {
			return true
		}
	}
	return false
}

// knownPlaceholders are the placeholders of CUDO's own docs and samples.
var knownPlaceholders = set("api-key", "my-api-key", "<api_key>", "<api-key>", "<existing_api_key>",
	"<your_api_key>", "<your-api-key>", "<key>", "xxxyyyzzz", "aaabbbccc", "your-api-key-here")

// credentialRef reports whether src[v:end] refers to a credential without a
// scheme: $CUDO_API_KEY, ${TOKEN}, os.environ["CUDO_API_KEY"], <api_key>,
// {{ .Values.cudoKey }}, or a variable named for a key (apiKey). It returns
// where the reference ends.
func (d *Detector) credentialRef(src []byte, v, end int) (bool, int) {
	span := src[v:end]
	first := span
	if i := bytes.IndexAny(first, " \t"); i >= 0 {
		first = first[:i]
	}
	if knownPlaceholders[strings.ToLower(strings.Trim(string(first), `"'`))] {
		return true, v + len(first)
	}
	found := false
	for _, t := range namesBefore(src, v, end, d.extra) {
		if t.class == nameDecoy || t.class == nameForeign {
			return false, 0
		}
		if t.class != nameCudoKey && t.class != nameGeneric {
			continue
		}
		if !isHeaderish(t.text) {
			found = true
		}
	}
	return found, v + len(bytes.TrimRight(span, " \t"))
}

// findBearerForms checks every "Bearer" in CUDO context: glued to the key,
// doubled spaces, a doubled scheme, a quoted key, whitespace after the key,
// and concatenations that glue the scheme literal to the key.
func (d *Detector) findBearerForms(src []byte, r window, m *mentions, out []Match) []Match {
	forEachWord(src, r, "bearer", func(b int) {
		q := b + 6
		if q > len(src) || !hasPrefixFold(src[b:], "bearer") || q == len(src) || isCurlBearerFlag(src, b) {
			return
		}
		w := around(len(src), b, q)
		if !m.near(w.lo, w.hi) {
			return
		}
		conf := ConfidenceMedium
		if m.hostNear(w.lo, w.hi) || m.blockNear(w.lo, w.hi) {
			conf = ConfidenceHigh
		}
		if kind, end, secret := bearerProblem(src, b, q); kind != "" {
			if secret != "" || inRange(m.all, b, end) {
				conf = ConfidenceHigh
			}
			out = append(out, d.headerMatch(src, kind, b, end, secret, conf))
		}
	})
	return out
}

// bearerProblem classifies what follows the word Bearer at src[b:q].
func bearerProblem(src []byte, b, q int) (kind string, end int, secret string) {
	var openQuote byte
	if b > 0 {
		openQuote = src[b-1]
	}
	switch c := src[q]; {
	case c == ' ':
		t := q
		for t < len(src) && src[t] == ' ' {
			t++
		}
		if t == len(src) {
			return "", 0, ""
		}
		if t-q >= 2 && looksLikeCredential(src, t) {
			return KindDoubleSpace, credentialEnd(src, t), keyAt(src, t)
		}
		if t-q >= 2 && closingQuote(src, b, t) > 0 && joinedAfter(src, t) {
			return KindDoubleSpace, t, "" // "Bearer  " + key
		}
		if t-q != 1 {
			return "", 0, ""
		}
		if hasPrefixFold(src[t:], "bearer") && (t+6 == len(src) || !isLetter(src[t+6])) {
			return KindDoubleScheme, t + 6, ""
		}
		if quoted, inner := quotedCredential(src, t, openQuote); quoted {
			// The span ends after the closing quote, when there is one.
			e := credentialEnd(src, inner)
			return KindQuotedKey, e + quoteLen(src, e), keyAt(src, inner)
		}
		if looksLikeCredential(src, t) {
			e := credentialEnd(src, t)
			if trailingWhitespace(src, e, openQuote) {
				return KindWhitespace, e, keyAt(src, t)
			}
		}
	case closingQuote(src, b, q) > 0:
		// The literal closes right after the scheme and is concatenated with
		// the key, with no space in between.
		i := q + closingQuote(src, b, q)
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		if i < len(src) && (src[i] == '+' || src[i] == '.') {
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if n := quoteLen(src, j); n > 0 && j+n < len(src) && src[j+n] == ' ' {
				return "", 0, "" // "Bearer" + " " + key
			}
			if j < len(src) && src[j] != '\n' && src[j] != '\r' {
				return KindMissingSpace, q + 1, ""
			}
		}
	case c == '%':
		if q+1 < len(src) && strings.IndexByte("svqd", src[q+1]) >= 0 {
			return KindMissingSpace, q + 2, "" // a format verb glued to the scheme
		}
	case c == '$' || c == '{' || c == '<' || (c == '#' && q+1 < len(src) && src[q+1] == '{'):
		return KindMissingSpace, credentialEnd(src, q), ""
	default:
		if secret := keyAt(src, q); secret != "" {
			return KindMissingSpace, q + len(secret), secret
		}
	}
	return "", 0, ""
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// quoteLen returns the length of the quote at i: 1 for a quote, 2 for an
// escaped one (\" inside a JSON string, as in a notebook's code cells), 0
// for none.
func quoteLen(src []byte, i int) int {
	switch {
	case i < len(src) && isQuote(src[i]):
		return 1
	case i+1 < len(src) && src[i] == '\\' && isQuote(src[i+1]):
		return 2
	}
	return 0
}

// closingQuote returns the length of the quote at q that closes the literal
// the scheme at b is written in ("Bearer" or \"Bearer\"), or 0.
func closingQuote(src []byte, b, q int) int {
	n := quoteLen(src, q)
	if n == 0 || b < n || src[q+n-1] != src[b-1] || quoteLen(src, b-n) != n {
		return 0
	}
	return n
}

// looksLikeCredential reports whether the text at i is a key or a reference
// to one: a hex or prefixed key, $VAR, ${...}, {...}, <...>, %s, or a name.
func looksLikeCredential(src []byte, i int) bool {
	if i >= len(src) {
		return false
	}
	if keyAt(src, i) != "" {
		return true
	}
	switch src[i] {
	case '$', '{', '<', '%':
		return true
	}
	return isLetter(src[i]) || src[i] == '_'
}

// maxCredentialLen bounds the credential or reference after a scheme
// (${{ secrets.CUDO_API_KEY }}, $(cat ~/.config/cudo/key)). Without a bound,
// an unclosed brace after every "Bearer" of a large file would make the
// scan quadratic.
const maxCredentialLen = 128

// credentialEnd returns where the credential or reference at i ends.
func credentialEnd(src []byte, i int) int {
	depth := 0
	limit := min(len(src), i+maxCredentialLen)
	for ; i < limit; i++ {
		switch src[i] {
		case '{', '(', '[', '<':
			depth++
		case '}', ')', ']', '>':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"', '\'', '`', '\\', ' ', '\t', '\n', '\r', ',', ';':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// quotedCredential reports a key quoted inside the header value: an escaped
// quote, or a quote of another kind than the literal's, right after the
// scheme and its space. A quote that closes the literal the scheme is
// written in (the scheme concatenated with a variable) is not one.
func quotedCredential(src []byte, t int, openQuote byte) (bool, int) {
	if src[t] == '\\' && t+1 < len(src) && isQuote(src[t+1]) {
		return looksLikeCredential(src, t+2), t + 2
	}
	if isQuote(src[t]) && src[t] != openQuote {
		return looksLikeCredential(src, t+1), t + 1
	}
	return false, 0
}

// trailingWhitespace reports whether the credential ending at e is followed
// by whitespace or an escaped newline before the literal closes.
func trailingWhitespace(src []byte, e int, openQuote byte) bool {
	i := e
	ws := false
	for i < len(src) {
		switch {
		case src[i] == ' ' || src[i] == '\t':
			i++
		case src[i] == '\\' && i+1 < len(src) && strings.IndexByte("nrt", src[i+1]) >= 0:
			i += 2
		default:
			return ws && isQuote(openQuote) && src[i] == openQuote
		}
		ws = true
	}
	return false
}

// findWrongHeaderNames reports X-Api-Key and X-Auth-Token headers set in
// files that talk to a CUDO host: CUDO ignores them and answers 401.
func (d *Detector) findWrongHeaderNames(src []byte, m *mentions, out []Match) []Match {
	if len(m.hosts) == 0 {
		return out
	}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '-')
		if j < 0 {
			break
		}
		p := i + j - 1 // the x of x-api-key
		i += j + 1
		if p < 0 || lower(src[p]) != 'x' || (p > 0 && isIdentByte(src[p-1])) {
			continue
		}
		for _, name := range []string{"x-api-key", "x-auth-token"} {
			e := p + len(name)
			if !hasPrefixFold(src[p:], name) || (e < len(src) && isIdentByte(src[e])) {
				continue
			}
			if _, ok := valueStart(src, e); !ok {
				continue
			}
			if w := around(len(src), p, e); m.hostNear(w.lo, w.hi) {
				out = append(out, d.headerMatch(src, KindHeaderName, p, e, "", ConfidenceHigh))
			}
		}
	}
	return out
}

// RuleAuthHeader is the ID of the rule this file implements.
const RuleAuthHeader = "cudo-auth-header"

func init() {
	Register(Rule{ID: RuleAuthHeader, Title: "Malformed CUDO Authorization header", Severity: SeverityError,
		Summary:      "An Authorization header CUDO will answer with 401 or 400.",
		NeedsContext: true, Order: 30,
		Find: func(d *Detector, src []byte, _ Hint, c *Context, out []Match) []Match {
			return d.findHeaders(src, c.m, out)
		},
		Tags: []string{"correctness", "cudo"}, Precision: "high",
	})
}

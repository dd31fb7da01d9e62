package rules

import (
	"bytes"
	"fmt"
	"strings"
)

// RuleAPIKey is the ID of the API key rule. Rule IDs are stable:
// baselines, suppressions and SARIF refer to them.
const RuleAPIKey = "cudo-api-key"

// RevokeAdvice ends every key message: what to do about a leaked key.
const RevokeAdvice = "revoke it, and load the new key from the CUDO_API_KEY environment variable or a secret store"

// findAPIKeys reports 64-hex keys with CUDO context.
func (d *Detector) findAPIKeys(src []byte, hint Hint, m *mentions, out []Match) []Match {
	if isChecksumFile(hint.Path) {
		return out
	}
	forEachHexRun(src, func(start, end int) {
		conf, msg, ok := d.keyContext(src, start, end, hint, m)
		if !ok {
			return
		}
		out = append(out, Match{
			RuleID: RuleAPIKey, Severity: SeverityError, Confidence: conf,
			Start: start, End: end, Secret: string(src[start:end]), Message: msg,
		})
	})
	return out
}

// keyContext decides whether the hex run src[start:end] is a CUDO key, how
// sure it is, and says why.
func (d *Detector) keyContext(src []byte, start, end int, hint Hint, m *mentions) (Confidence, string, bool) {
	if end < len(src) && (isAlnum(src[end]) || src[end] == '_') {
		return 0, "", false // part of a longer token
	}
	if start > 0 && (isAlnum(src[start-1]) || src[start-1] == '_') &&
		!hasSuffixFold(src[max(0, start-6):start], "bearer") {
		return 0, "", false // 0x..., sha256_..., part of a longer token; a key glued to the Bearer scheme still counts
	}
	if d.decoyJustBefore(src, start) {
		return 0, "", false // sha256:<hex>, "digest": "<hex>": decided without finding the line
	}
	// A CUDO key name elsewhere on the line does not make a value a key:
	// in {"ruleId":"cudo-api-key", ..., "secretSha256/v1":"<hex>"} the value
	// belongs to its own name.
	ls := lineStart(src, start, namesBack)
	name := d.nameOnLine(src, ls, start)
	if name.class == nameDecoy || name.class == nameForeign {
		return 0, "", false // before the costlier checks: most digests end here
	}
	if isPlaceholderHex(src[start:end]) {
		return 0, "", false
	}
	le := lineEnd(src, end, windowAfter)
	sameLine := inRange(m.all, ls, le)
	w := around(len(src), start, end)

	if name.class == nameDecoy || name.class == nameForeign {
		return 0, "", false
	}
	if name.class == nameGeneric && isAPIKeyRecord(src, start, end) {
		return ConfidenceHigh, apiKeyRecordMessage, true
	}
	if name.class == nameGeneric && (inSDKKeySlot(src, name) || isCudoctlEntry(src, ls, name) ||
		isCollectionBearer(src, ls, name)) {
		return ConfidenceHigh, fmt.Sprintf("hard-coded CUDO API key in %s: %s", name.text, RevokeAdvice), true
	}
	if name.class == nameCudoKey {
		return ConfidenceHigh, fmt.Sprintf("hard-coded CUDO API key in %s: %s", name.text, RevokeAdvice), true
	}
	// A generic name or a Bearer token belongs to the block it sits in,
	// and to the host its line calls: api_key under "- type: vastai" is
	// Vast.ai's, "Bearer <key>" sent to api.linode.com is Linode's, however
	// near CUDO is.
	scope := scopeNone
	if name.class == nameGeneric || name.class == nameBearer {
		if !sameLine && bytes.Contains(src[ls:le], []byte("://")) {
			return 0, "", false
		}
		if scope = d.scopeOf(src, ls, m); scope == scopeForeign {
			return 0, "", false
		}
	}
	switch name.class {
	case nameBearer:
		msg := "hard-coded CUDO API key used as a Bearer token: " + RevokeAdvice
		switch {
		case m.hostNear(w.lo, w.hi) || sameLine || scope == scopeCudo:
			return ConfidenceHigh, msg, true
		case m.near(w.lo, w.hi) || m.fileLevel():
			return ConfidenceMedium, msg, true
		}
	case nameGeneric:
		switch {
		case m.blockNear(w.lo, w.hi) || sameLine || scope == scopeCudo:
			return ConfidenceHigh, fmt.Sprintf("hard-coded CUDO API key in %s: %s", name.text, RevokeAdvice), true
		case m.near(w.lo, w.hi):
			return ConfidenceMedium, fmt.Sprintf("likely CUDO API key in %s (CUDO is named nearby): %s", name.text, RevokeAdvice), true
		}
	case nameCudo:
		return ConfidenceMedium, fmt.Sprintf("likely CUDO API key passed to %s: %s", name.text, RevokeAdvice), true
	case nameOther:
		// make_client("<key>") in a file about CUDO: a key given to a
		// client factory by position has no name of its own.
		if fn, ok := factoryCall(src, start); ok && m.fileLevel() {
			return ConfidenceMedium, fmt.Sprintf("likely CUDO API key passed to %s: %s", fn, RevokeAdvice), true
		}
	}
	// A key a notebook cell printed: its name is in the cell's source. A
	// bare 64-hex output of a cell that names no CUDO key is a digest as
	// often as a key, and is left alone.
	if out, named := notebookOutput(src, start, hint.Path); out && named && bareOutputLine(src, start, end) {
		return ConfidenceHigh, "hard-coded CUDO API key in a notebook's saved output (the cell prints a CUDO key): clear the outputs, and " + RevokeAdvice, true
	}
	return 0, "", false
}

// decoyJustBefore reports whether the name nearest before the value at
// start says it is a digest or an id (sha256:, "digest": , commit). Most
// 64-hex runs in a file that mentions CUDO are digests named that way, and
// nameOnLine would pick the same name as its first: the token it reads is
// the one namesBeforeUpTo reads first, from the same line start (the walk
// stops at a line break and at namesBack), so the answer is the same and
// the line is never searched for its start.
func (d *Detector) decoyJustBefore(src []byte, start int) bool {
	lo := max(0, start-namesBack)
	i := start
	for i > lo && !isIdentByte(src[i-1]) {
		if src[i-1] == '\n' || src[i-1] == '\r' {
			return false
		}
		i--
	}
	end := i
	for i > lo && isIdentByte(src[i-1]) {
		i--
	}
	name := bytes.Trim(src[i:end], ".-")
	return len(name) > 0 && classifyName(name, d.extra) == nameDecoy
}

// factoryWords name the functions that take a key to make a client.
var factoryWords = []string{"client", "session", "connect", "login", "auth"}

// factoryCall reports whether the value at start is the first argument of
// a call to a function whose name says it makes a client or a session
// (make_client("<key>"), NewSession(`<key>`)), and returns its name.
func factoryCall(src []byte, start int) (string, bool) {
	p := start
	if p > 0 && (src[p-1] == '"' || src[p-1] == '\'' || src[p-1] == '`') {
		p--
	}
	for p > 0 && src[p-1] == ' ' {
		p--
	}
	if p == 0 || src[p-1] != '(' {
		return "", false
	}
	fn := lastIdent(src[max(0, p-1-64) : p-1])
	lf := strings.ToLower(fn)
	for _, w := range factoryWords {
		if strings.Contains(lf, w) {
			return fn, true
		}
	}
	return "", false
}

// nameOf finds the name a value at pos is assigned to: the nearest
// meaningful name before it on its line. A value alone on its line takes
// the name of the line above when that line leaves its value to the next
// (YAML "key:" or "key: |", "CUDO_API_KEY ="). A value field (Kubernetes
// "value:", HCL "default =") takes the name of the line above
// ("- name: CUDO_API_KEY") or, when that names nothing telling, of the
// block around it (variable "cudo_api_key" {).
func (d *Detector) nameOf(src []byte, pos int) token {
	return d.nameOnLine(src, lineStart(src, pos, namesBack), pos)
}

// nameOnLine is nameOf for a value at pos on the line starting at ls.
func (d *Detector) nameOnLine(src []byte, ls, pos int) token {
	var buf [8]token
	toks := skipScheme(namesBeforeUpTo(buf[:0], src, ls, pos, d.extra, 1))
	if name := pickName(toks); name.text != "" {
		return name
	}
	field := isValueField(toks)
	pls, ple := prevLineStart(src, ls, namesBack)
	if pls < 0 || (!field && !opensValueBelow(src[pls:ple])) {
		// A bare value, as in sha256sum output, or a value passed to a
		// command (echo "<digest>  file" | sha256sum -c) whatever the
		// line above assigns.
		return token{}
	}
	name := pickName(namesBeforeUpTo(buf[:0], src, pls, ple, d.extra, 1))
	if !field || (name.text != "" && name.class != nameOther) {
		return name
	}
	if encl := enclosingLines(src, ls, windowBefore); len(encl) > 0 {
		if n := pickName(namesBeforeUpTo(buf[:0], src, encl[0].lo, encl[0].hi, d.extra, 1)); n.text != "" {
			return n
		}
	}
	return name
}

// valueFieldWords name the value half of a name/value pair.
var valueFieldWords = set("value", "values", "val", "default")

// isValueField reports whether the names before a value, all noise, include
// the name of a value field: the value's name is elsewhere.
func isValueField(toks []token) bool {
	for _, t := range toks {
		if valueFieldWords[strings.ToLower(t.text)] {
			return true
		}
	}
	return false
}

// opensValueBelow reports whether a line leaves its value to the next line:
// it ends with ":", "=" or "(", or opens a YAML block scalar ("key: |",
// "key: >-").
func opensValueBelow(line []byte) bool {
	line = bytes.TrimRight(line, " \t")
	if n := len(line); n > 0 && strings.IndexByte(":=(", line[n-1]) >= 0 {
		return true
	}
	t := bytes.TrimRight(line, "+-0123456789")
	if n := len(t); n == 0 || (t[n-1] != '|' && t[n-1] != '>') {
		return false
	}
	t = bytes.TrimRight(t[:len(t)-1], " \t")
	return len(t) > 0 && t[len(t)-1] == ':'
}

// skipScheme drops an auth scheme (Basic, Token) that stands between an
// Authorization header name and the value: the value is still the header's
// credential, whatever the scheme. Bearer keeps its own class.
func skipScheme(toks []token) []token {
	if len(toks) >= 2 && toks[0].class != nameBearer && schemeWords[strings.ToLower(toks[0].text)] {
		switch strings.ToLower(toks[1].text) {
		case "authorization", "authorisation":
			return toks[1:]
		}
	}
	return toks
}

// pickName returns the first meaningful token of toks (nearest first).
func pickName(toks []token) token {
	for _, t := range toks {
		if t.class != nameNoise {
			return t
		}
	}
	return token{}
}

func init() {
	Register(Rule{ID: RuleAPIKey, Title: "Hard-coded CUDO API key", Severity: SeverityError,
		Summary:      "A 64-hex CUDO Compute API key with CUDO context.",
		NeedsContext: true, Order: 20,
		Find: func(d *Detector, src []byte, hint Hint, c *Context, out []Match) []Match {
			return d.findAPIKeys(src, hint, c.m, out)
		},
		FindAlone: func(d *Detector, src []byte, hint Hint, _ *Context, out []Match) []Match {
			return d.findAPIKeyRecords(src, hint.Path, out)
		},
		Verifiable: true, SecretShape: "64 hex digits",
		Tags: []string{"security", "secrets", "cudo"}, Precision: "high", SecuritySeverity: "9.0",
	})
}

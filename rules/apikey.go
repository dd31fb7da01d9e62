package rules

import (
	"bytes"
	"fmt"
)

// Rule IDs. They are stable: baselines, suppressions and SARIF refer to them.
const (
	RuleAPIKey         = "cudo-api-key"
	RuleAPIKeyPrefixed = "cudo-api-key-prefixed"
	RuleAuthHeader     = "cudo-auth-header"
	RuleActionsVar     = "cudo-actions-variable"
	RuleDirective      = "cudoscan-directive"
)

// RevokeAdvice ends every key message: what to do about a leaked key.
const RevokeAdvice = "revoke it, and load the new key from the CUDO_API_KEY environment variable or a secret store"

// findAPIKeys reports 64-hex keys with CUDO context.
func (d *Detector) findAPIKeys(src []byte, hint Hint, m *mentions, out []Match) []Match {
	if isChecksumFile(hint.Path) {
		return out
	}
	forEachHexRun(src, func(start, end int) {
		if isPlaceholderHex(string(src[start:end])) {
			return
		}
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
	name, sawCudoKey := d.nameOf(src, start)
	ls := lineStart(src, start, namesBack)
	le := lineEnd(src, end, windowAfter)
	sameLine := inRange(m.all, ls, le)
	w := around(len(src), start, end)

	if name.class == nameDecoy || name.class == nameForeign {
		return 0, "", false
	}
	if name.class == nameCudoKey || sawCudoKey {
		return ConfidenceHigh, fmt.Sprintf("hard-coded CUDO API key in %s: %s", name.text, RevokeAdvice), true
	}
	switch name.class {
	case nameBearer:
		msg := "hard-coded CUDO API key used as a Bearer token: " + RevokeAdvice
		switch {
		case m.hostNear(w.lo, w.hi) || sameLine:
			return ConfidenceHigh, msg, true
		case m.near(w.lo, w.hi) || m.fileLevel():
			return ConfidenceMedium, msg, true
		}
	case nameGeneric:
		switch {
		case m.blockNear(w.lo, w.hi) || sameLine:
			return ConfidenceHigh, fmt.Sprintf("hard-coded CUDO API key in %s: %s", name.text, RevokeAdvice), true
		case m.near(w.lo, w.hi):
			return ConfidenceMedium, fmt.Sprintf("likely CUDO API key in %s (CUDO is named nearby): %s", name.text, RevokeAdvice), true
		}
	case nameCudo:
		return ConfidenceMedium, fmt.Sprintf("likely CUDO API key passed to %s: %s", name.text, RevokeAdvice), true
	}
	return 0, "", false
}

// nameOf finds the name a value at pos is assigned to: the nearest
// meaningful name before it on its line, or on the line before when the
// value's own line holds only a value field (Kubernetes "value:") or
// nothing after a "name:" line. sawCudoKey reports a CUDO key name anywhere
// on the line before pos (XML key="CudoApiKey" value="...").
func (d *Detector) nameOf(src []byte, pos int) (name token, sawCudoKey bool) {
	ls := lineStart(src, pos, namesBack)
	toks := namesBefore(src, ls, pos, d.extra)
	name, sawCudoKey, sawNoise := pickName(toks)
	if name.text != "" {
		return name, sawCudoKey
	}
	pls, ple := prevLineStart(src, ls, namesBack)
	if pls < 0 {
		return token{}, false
	}
	prev := bytes.TrimRight(src[pls:ple], " \t")
	if !sawNoise && (len(prev) == 0 || prev[len(prev)-1] != ':') {
		return token{}, false // a bare value, as in sha256sum output
	}
	name, sawCudoKey, _ = pickName(namesBefore(src, pls, ple, d.extra))
	return name, sawCudoKey
}

// pickName returns the first meaningful token of toks (nearest first).
func pickName(toks []token) (name token, sawCudoKey, sawNoise bool) {
	for _, t := range toks {
		sawCudoKey = sawCudoKey || t.class == nameCudoKey
		if t.class == nameNoise {
			sawNoise = true
			continue
		}
		if name.text == "" {
			name = t
		}
	}
	return name, sawCudoKey, sawNoise
}

package rules

import (
	"bytes"
	"strings"
)

// Prefixed keys: CUDO's docs show ck_live_XXXXXXXXXXXXXXXX once. It is most
// likely a placeholder, but a prefixed key format may come, so real-looking
// ck_live_/ck_test_ tokens are reported and placeholders are not.

// minPrefixedBody is the shortest body after ck_live_ that is reported.
const minPrefixedBody = 12

// findPrefixed appends the ck_live_ and ck_test_ tokens of src that are
// not placeholders to out: from the "ck_" that m holds.
func (d *Detector) findPrefixed(src []byte, m *mentions, out []Match) []Match {
	next := 0 // where the last token ended: a "ck_" inside it is part of it
	for _, start := range m.ck {
		rest := src[start+len("ck_"):]
		if start < next || !bytes.HasPrefix(rest, []byte("live_")) && !bytes.HasPrefix(rest, []byte("test_")) {
			continue
		}
		if start > 0 && (isAlnum(src[start-1]) || src[start-1] == '_') {
			continue
		}
		end := start + len("ck_live_")
		for end < len(src) && (isAlnum(src[end]) || src[end] == '_' || src[end] == '-') {
			end++
		}
		next = end
		body := string(src[start+len("ck_live_") : end])
		if len(body) < minPrefixedBody || d.isPlaceholderToken(body) {
			continue
		}
		w := around(len(src), start, end)
		conf := ConfidenceMedium
		if m.near(w.lo, w.hi) {
			conf = ConfidenceHigh
		}
		out = append(out, Match{
			RuleID: RuleAPIKeyPrefixed, Severity: SeverityError, Confidence: conf,
			Start: start, End: end, Secret: string(src[start:end]),
			Message: "hard-coded prefixed CUDO API key (" + string(src[start:start+8]) + "): " + RevokeAdvice,
		})
	}
	return out
}

// placeholderWords appear in fillers, never in random key material.
var placeholderWords = []string{"xxx", "your", "example", "placeholder", "redacted", "dummy",
	"fake", "sample", "changeme", "insert", "replace", "here", "secret", "apikey", "api_key",
	"token", "mykey", "test_key", "live_key", "abc", "123", "aaa", "zzz", "foo", "bar"}

// isPlaceholderToken reports whether a token body is a filler rather than
// random key material: X runs, words like "your" or "example", runs such as
// 123456 or abcdef, or too little entropy.
func (d *Detector) isPlaceholderToken(body string) bool {
	l := strings.ToLower(body)
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	for _, p := range d.opts.Placeholders {
		if strings.Contains(l, strings.ToLower(p)) {
			return true
		}
	}
	if strings.Trim(l, "x*#.-_0") == "" {
		return true
	}
	return hasRun(l, 5) || shannon(l) < 2.5
}

// hasRun reports whether s holds n equal bytes in a row, or n bytes that
// count up or down by one (12345, abcde, 54321).
func hasRun(s string, n int) bool {
	same, up, down := 1, 1, 1
	for i := 1; i < len(s); i++ {
		same, up, down = step(same, s[i] == s[i-1]), step(up, s[i] == s[i-1]+1), step(down, s[i]+1 == s[i-1])
		if same >= n || up >= n || down >= n {
			return true
		}
	}
	return false
}

func step(count int, continues bool) int {
	if continues {
		return count + 1
	}
	return 1
}

// RuleAPIKeyPrefixed is the ID of the rule this file implements.
const RuleAPIKeyPrefixed = "cudo-api-key-prefixed"

func init() {
	Register(Rule{ID: RuleAPIKeyPrefixed, Title: "Hard-coded prefixed CUDO API key", Severity: SeverityError,
		Summary: "A ck_live_ or ck_test_ token that is not a placeholder.",
		Order:   10, // its own shape: no context needed
		Find: func(d *Detector, src []byte, _ Hint, c *Context, out []Match) []Match {
			return d.findPrefixed(src, c.m, out)
		},
		Verifiable: true, SecretShape: "ck_live_ or ck_test_ and 16 or more letters, digits, _ or -",
		Tags: []string{"security", "secrets", "cudo"}, Precision: "high", SecuritySeverity: "9.0",
	})
}

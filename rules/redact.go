package rules

import "strings"

// Redact shows the first and last four characters of a secret, enough to
// tell keys apart and to find them in a console, and hides the rest. It is
// the one way secrets are shortened in output, messages and reasons.
func Redact(secret string) string {
	if len(secret) <= 12 {
		return "****"
	}
	return secret[:4] + "..." + secret[len(secret)-4:]
}

// keyShapedLen is the length from which a word is taken for a secret: a
// 64-hex key, its base64 (44+), a long token of any kind.
const keyShapedLen = 32

// RedactKeyShaped redacts every word of s (a directive's reason, an error
// message) that could be a secret: keyShapedLen or more letters and digits,
// one digit at least, with + = _ -; or a ck_live_/ck_test_ token. A slash
// ends a word, so that a URL stays readable.
func RedactKeyShaped(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isSecretByte(s[j]) {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		w := s[i:j]
		long := len(w) >= keyShapedLen && strings.ContainsAny(w, "0123456789")
		if long || ((strings.HasPrefix(w, "ck_live_") || strings.HasPrefix(w, "ck_test_")) && len(w) > 12) {
			w = Redact(w)
		}
		b.WriteString(w)
		i = j
	}
	return b.String()
}

func isSecretByte(c byte) bool {
	return isAlnum(c) || c == '+' || c == '=' || c == '_' || c == '-'
}

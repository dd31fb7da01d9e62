// Package testkeys makes CUDO-shaped API keys for tests. It is for tests
// only.
//
// Keys are generated at test time, from crypto/rand, rather than written
// in the test files, so that nothing key-shaped is ever committed: the
// project scans itself (and other scanners scan it), and a literal key in
// a fixture would be reported as a leak, or would have to be allowed, which
// hides the real ones. A fresh key per run also keeps tests honest: none
// can pass by matching one particular value.
package testkeys

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
)

// New returns a fresh random key shaped like a CUDO API key: 64 lowercase
// hex characters, the encoding of 32 random bytes. It calls t.Fatal if the
// system's random source fails.
func New(t testing.TB) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// From returns n random characters of alphabet.
func From(t testing.TB, alphabet string, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

const (
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// fillerStarts are the first four letters of each word the rules take
// for a placeholder in a value, in any case ("your-secret", "xxxx",
// "changeme", "TODO"). A random value that happens to hold one is not
// reported, and the test that planted it fails for no reason: a 200
// character session token held one about once in a few hundred draws.
var fillerStarts = []string{"exam", "your", "xxxx", "chan", "plac", "dumm", "reda", "repl", "secr", "acce", "pass", "todo"}

// secretValue returns prefix, n random characters of alphabet and suffix,
// holding none of fillerStarts: checked whole, as a filler can span the
// prefix and the random part ("T" and "OdO..." make "TOdO").
func secretValue(t testing.TB, prefix, alphabet string, n int, suffix string) string {
	t.Helper()
	for {
		v := prefix + From(t, alphabet, n) + suffix
		if !holdsFiller(v) {
			return v
		}
	}
}

// holdsFiller reports whether v holds one of fillerStarts, in any case.
func holdsFiller(v string) bool {
	lv := strings.ToLower(v)
	for _, w := range fillerStarts {
		if strings.Contains(lv, w) {
			return true
		}
	}
	return false
}

// S3AccessKey returns an access key shaped as S3 services (and CUDO's
// object storage) make them: 20 upper-case letters and digits.
func S3AccessKey(t testing.TB) string {
	t.Helper()
	return secretValue(t, "K", upperDigits, 18, "7")
}

// S3SecretKey returns a 40-character S3 secret key.
func S3SecretKey(t testing.TB) string { t.Helper(); return secretValue(t, "s", base64Chars, 38, "9") }

// S3SessionToken returns a temporary session token: a long base64 blob.
func S3SessionToken(t testing.TB) string {
	t.Helper()
	return secretValue(t, "T", base64Chars, 198, "1")
}

// Password returns a random 16-character password.
func Password(t testing.TB) string {
	t.Helper()
	return secretValue(t, "Pw", "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#%^*", 13, "8")
}

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

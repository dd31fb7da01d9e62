package report

import (
	"crypto/sha256"
	"encoding/hex"
)

// Redact shows the first and last four characters of a secret, enough to
// tell keys apart and to find them in a console, and hides the rest.
func Redact(secret string) string {
	if len(secret) <= 12 {
		return "****"
	}
	return secret[:4] + "..." + secret[len(secret)-4:]
}

// SecretSHA256 is the hex SHA-256 of a secret's bytes: it identifies a key
// across findings, baselines and tools without revealing it.
func SecretSHA256(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

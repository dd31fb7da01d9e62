package report

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/cudoscan/cudoscan/rules"
)

// Redact shows the first and last four characters of a secret and hides
// the rest (rules.Redact, which redacts keys in reasons and errors too).
func Redact(secret string) string { return rules.Redact(secret) }

// SecretSHA256 is the hex SHA-256 of a secret's bytes: it identifies a key
// across findings, baselines and tools without revealing it.
func SecretSHA256(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

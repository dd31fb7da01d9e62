package rules

import "encoding/hex"

// decodeHex decodes a run of hex digits (either case) to text. A key
// hex-encoded once more, as tools that dump bytes do, is 128 hex digits;
// a SHA-512 digest is too, but it decodes to binary and fails the text
// test within its first bytes.
func decodeHex(run []byte) ([]byte, bool) {
	run = run[:len(run)&^1]
	var head [16]byte
	if len(run) >= 32 {
		if _, err := hex.Decode(head[:], run[:32]); err != nil || !looksLikeText(head[:]) {
			return nil, false
		}
	}
	out := make([]byte, len(run)/2)
	if _, err := hex.Decode(out, run); err != nil {
		return nil, false
	}
	return out, len(run) >= 32 || looksLikeText(out)
}

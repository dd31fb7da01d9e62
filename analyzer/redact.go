package analyzer

// redact shows enough of a secret to tell keys apart (the first and last
// four characters) and never the whole of it: diagnostics end up in CI logs.
func redact(secret string) string {
	if len(secret) <= 12 {
		return "..." // too short to show any of it safely
	}
	return secret[:4] + "..." + secret[len(secret)-4:]
}

package rules

// Byte classes and ASCII case folding. The core works on bytes, not runes:
// everything it matches is ASCII, and invalid UTF-8 must not slow it down.

func isLetter(c byte) bool { return lower(c) >= 'a' && lower(c) <= 'z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool { return isLetter(c) || isDigit(c) }

// isIdentByte reports whether c can be part of a name as this package reads
// names: identifiers, env var names, dotted paths and dashed flags/headers.
func isIdentByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' || c == '.' }

// lower folds an ASCII letter to lowercase and leaves other bytes alone.
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// hasPrefixFold is bytes.HasPrefix ignoring ASCII case; prefix is lowercase.
func hasPrefixFold(b []byte, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lower(b[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// hasSuffixFold is bytes.HasSuffix ignoring ASCII case; suffix is lowercase.
func hasSuffixFold(b []byte, suffix string) bool {
	return len(b) >= len(suffix) && hasPrefixFold(b[len(b)-len(suffix):], suffix)
}

// hexLower marks the bytes of a key: CUDO keys are lowercase hex.
var hexLower = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdef") {
		t[c] = true
	}
	return t
}()

package rules

// Severity says how serious a match is.
type Severity string

// The severities. Errors are credentials and headers that break or leak;
// warnings are style problems and risky-but-not-leaked patterns.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Confidence says how strong the CUDO context around a match was.
type Confidence int

// The confidences, ordered so that a minimum can be compared with >=.
const (
	// ConfidenceMedium: only generic context (a generic key name or a Bearer
	// token with a CUDO mention nearby or in the file).
	ConfidenceMedium Confidence = iota + 1
	// ConfidenceHigh: the context names CUDO itself (a CUDO key variable, a
	// CUDO host, a provider "cudo" block, a cudoctl config file).
	ConfidenceHigh
)

// String returns "high" or "medium".
func (c Confidence) String() string {
	switch c {
	case ConfidenceHigh:
		return "high"
	case ConfidenceMedium:
		return "medium"
	}
	return "unknown"
}

// ParseConfidence parses "high" or "medium" (any case).
func ParseConfidence(s string) (Confidence, bool) {
	switch s {
	case "high", "HIGH", "High":
		return ConfidenceHigh, true
	case "medium", "MEDIUM", "Medium":
		return ConfidenceMedium, true
	}
	return 0, false
}

// MarshalText makes confidences read as words in JSON.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Match is one finding of the core in one buffer.
type Match struct {
	// RuleID is the stable ID of the rule that matched.
	RuleID string
	// Kind names the variant within the rule, for rules with several
	// (for example "no-scheme" for cudo-auth-header); empty otherwise.
	Kind       string
	Severity   Severity
	Confidence Confidence
	// Start and End delimit the reported bytes in the buffer given to Find.
	Start, End int
	// Secret is the credential the match carries, or "" when it carries none
	// (a header with a variable reference). Drivers must redact it.
	Secret string
	// Message says what is wrong and what to do. It never contains Secret.
	Message string
	// Encoding is set when the match was found inside an encoded value: the
	// encodings it was under, outermost first, joined by ">" ("base64",
	// "base64>percent"). Start and End then delimit the outermost encoded
	// value as written, and Secret is the decoded key.
	Encoding string
	// Suppressed is set when an inline cudoscan:allow directive covers the
	// match; SuppressReason is the directive's reason.
	Suppressed     bool
	SuppressReason string
	// NeedsFileMention is set, under Hint.FileMentionUnknown, on a match
	// that holds only if another part of the file mentions CUDO, and
	// UnlessFileMention on one that holds only if none does (a directive
	// whose only use is such a match is unused without the mention).
	NeedsFileMention, UnlessFileMention bool
}

package verify

import "github.com/cudoscan/cudoscan/finding"

// The verdict types live in package finding, so that what prints them
// (report) needs no HTTP client; they are named here too, where they are
// produced.
type (
	// Status is the outcome of verifying one key.
	Status = finding.Status
	// Verdict is the result of verifying one key.
	Verdict = finding.Verdict
)

// The statuses of a Verdict; see finding.Status.
const (
	StatusLive         = finding.StatusLive
	StatusPossiblyLive = finding.StatusPossiblyLive
	StatusInvalid      = finding.StatusInvalid
	StatusUnknown      = finding.StatusUnknown
)

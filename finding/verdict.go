package finding

// Status is the outcome of verifying one key.
type Status string

const (
	// StatusLive means the API accepted the key (HTTP 200 with the JSON
	// user record).
	StatusLive Status = "live"
	// StatusPossiblyLive means the API refused the key for /v1/auth with its
	// own HTTP 403 PERMISSION_DENIED. Nothing shows that CUDO answers so for
	// a valid key with few permissions, nor that it does not (dstack treats
	// 403 as a bad key): the key is possibly live, and counted as live so
	// that the run fails safe. Its JSON value says just that.
	StatusPossiblyLive Status = "possibly-live"
	// StatusInvalid means the API rejected the key with its own JSON error
	// (HTTP 401 UNAUTHENTICATED): it is wrong, edited or already revoked.
	StatusInvalid Status = "invalid"
	// StatusUnknown means no trustworthy answer was obtained: rate limits,
	// server errors, timeouts, redirects, non-JSON pages, cancellation.
	StatusUnknown Status = "unknown"
)

// Verdict is the result of verifying one key.
type Verdict struct {
	Status     Status
	HTTPStatus int    // last HTTP status seen, 0 if none
	Attempts   int    // requests tried, including ones that failed in transit
	Detail     string // human-readable reason; never contains the key
}

// Live reports whether the key works or may work: live or possibly live.
func (v Verdict) Live() bool {
	return v.Status == StatusLive || v.Status == StatusPossiblyLive
}

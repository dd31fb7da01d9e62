package finding

// Status is the outcome of verifying one key.
type Status string

const (
	// StatusLive means the API accepted the key (HTTP 200 with a JSON body).
	StatusLive Status = "live"
	// StatusRestricted means the key authenticated but lacks permission for
	// the request (HTTP 403 PERMISSION_DENIED). The key still works.
	StatusRestricted Status = "restricted"
	// StatusInvalid means the API rejected the key (HTTP 401): it is wrong,
	// edited or already revoked.
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

// Live reports whether the key works: live or restricted.
func (v Verdict) Live() bool {
	return v.Status == StatusLive || v.Status == StatusRestricted
}

package verify

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// parseRetryAfter reads a Retry-After header, either delta-seconds or an
// HTTP-date taken relative to now. It reports false for a missing, garbage
// or past value, so that the caller falls back to the next source of delay.
func parseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if isDigits(h) {
		secs, err := strconv.ParseInt(h, 10, 64)
		if err != nil {
			// All digits but too large for int64: a huge delay, capped later.
			return time.Duration(1<<63 - 1), true
		}
		return secondsToDuration(float64(secs))
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		return 0, false
	}
	return d, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// nextDelay is the wait before retry number n (1 for the first retry): the
// server's hint when it gave one, else exponential backoff 1s, 2s, 4s...
// with up to 50% jitter added on top, so that retries are spread out but
// never sooner than the schedule CUDO documents. Every delay is capped at
// maxWait.
func (v *Verifier) nextDelay(hint time.Duration, hasHint bool, n int) time.Duration {
	if hasHint {
		return min(max(hint, 0), v.maxWait)
	}
	// Doubling stops at the cap, and the jittered value is compared in
	// floating point, so that no MaxWait, however large, overflows.
	d := time.Second
	for i := 1; i < n && d < v.maxWait; i++ {
		if d > v.maxWait/2 {
			return v.maxWait
		}
		d *= 2
	}
	j := v.jitter()
	if !(j >= 0 && j < 1) { // also rejects NaN from a broken Jitter
		j = 0
	}
	if f := float64(d) * (1 + j/2); f < float64(v.maxWait) {
		return time.Duration(f)
	}
	return v.maxWait
}

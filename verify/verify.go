package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// errTimeLimit is the cancellation cause of a run that reached
// Options.Timeout, told apart from the caller cancelling (Ctrl-C).
var errTimeLimit = errors.New("verification time limit reached")

// Check verifies one key. It retries rate limits, server errors and network
// failures within the limits of the Options, and returns StatusUnknown
// rather than guess when no clear answer comes back. A rate limit seen by
// any check on v, in Check or CheckAll, delays the others until it ends.
func (v *Verifier) Check(ctx context.Context, key string) Verdict {
	ctx, cancel := context.WithTimeoutCause(ctx, v.timeout, errTimeLimit)
	defer cancel()
	return v.check(ctx, key, v.clock.Now().Add(v.timeout))
}

// check verifies key before deadline, a time on v.clock. ctx carries the
// same bound in wall-clock time so that a hung request is cut off too.
func (v *Verifier) check(ctx context.Context, raw string, deadline time.Time) Verdict {
	// Keys read from files often keep a newline or spaces, and CUDO answers
	// 401 to those: trim, as CUDO's troubleshooting guide says.
	key := strings.TrimSpace(raw)
	if key == "" {
		return Verdict{Status: StatusUnknown, Detail: "empty key; nothing sent"}
	}
	if !headerSafe(key) {
		return Verdict{Status: StatusUnknown, Detail: "key contains control characters; nothing sent"}
	}

	vd := Verdict{Status: StatusUnknown}
	var (
		wait time.Duration // before the next attempt
		last outcome       // of the previous attempt, when it asked for a retry
	)
	for vd.Attempts < v.maxAttempts {
		if why := v.waitTurn(ctx, wait, deadline); why != "" {
			vd.Detail = gaveUp(last.detail, vd.Attempts, why)
			return vd
		}
		out := v.attempt(ctx, key)
		vd.Attempts++
		if out.httpStatus != 0 {
			vd.HTTPStatus = out.httpStatus
		}
		if !out.retry {
			vd.Status, vd.Detail = out.status, out.detail
			return vd
		}
		if ctx.Err() != nil {
			vd.Detail = gaveUp(out.detail, vd.Attempts, stopReason(ctx))
			return vd
		}
		wait = v.nextDelay(out.hint, out.hasHint, vd.Attempts)
		if out.rateLimited {
			// Set even after the last attempt: other checks still benefit.
			v.gate.extend(v.clock.Now().Add(wait))
		}
		last = out
	}
	vd.Detail = fmt.Sprintf("%s after %s", last.detail, plural(vd.Attempts, "attempt"))
	return vd
}

// waitTurn sleeps for own and until the shared hold-off has passed. It
// returns why it gave up instead, without sleeping, when the request could
// not start before deadline or ctx is done: sleeping past the deadline
// would only delay an unknown verdict.
func (v *Verifier) waitTurn(ctx context.Context, own time.Duration, deadline time.Time) string {
	wake := v.clock.Now().Add(own)
	for {
		if ctx.Err() != nil {
			return stopReason(ctx)
		}
		// Re-read each time: another check may have hit a rate limit
		// while this one slept.
		if g := v.gate.notBefore(); g.After(wake) {
			wake = g
		}
		now := v.clock.Now()
		if wake.Before(now) {
			wake = now
		}
		if !wake.Before(deadline) {
			return errTimeLimit.Error()
		}
		d := wake.Sub(now)
		if d <= 0 {
			return ""
		}
		if err := v.clock.Sleep(ctx, d); err != nil {
			return stopReason(ctx)
		}
	}
}

// stopReason says why ctx is done, in words fit for a Detail.
func stopReason(ctx context.Context) string {
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errTimeLimit):
		return errTimeLimit.Error()
	case errors.Is(cause, context.DeadlineExceeded):
		return "caller's deadline exceeded"
	default:
		return "cancelled"
	}
}

// gaveUp builds the Detail of a check that stopped early.
func gaveUp(reason string, attempts int, why string) string {
	switch {
	case attempts == 0:
		return "not checked: " + why
	case reason == "":
		return fmt.Sprintf("gave up after %s: %s", plural(attempts, "attempt"), why)
	default:
		return fmt.Sprintf("%s; gave up after %s: %s", reason, plural(attempts, "attempt"), why)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// headerSafe reports whether key can go in a header value as is. A key
// with a control character inside is garbled, and net/http would refuse it
// with an error we would rather not depend on.
func headerSafe(key string) bool {
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] == 0x7f {
			return false
		}
	}
	return true
}

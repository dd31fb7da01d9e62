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

// errBudget says why a check stopped when its run has sent all the
// requests it may (see runBudget).
const errBudget = "the run's attempt budget is spent"

// Check verifies one key. It retries rate limits, server errors and network
// failures within the limits of the Options, and returns StatusUnknown
// rather than guess when no clear answer comes back. A rate limit seen by
// any check on v, in Check or CheckAll, delays the others until it ends.
func (v *Verifier) Check(ctx context.Context, key string) Verdict {
	ctx, cancel := context.WithTimeoutCause(ctx, v.timeout, errTimeLimit)
	defer cancel()
	return v.check(ctx, key, v.clock.Now().Add(v.timeout), newBudget(v.maxAttempts))
}

// check verifies key before deadline, a time on v.clock, spending the
// requests it sends from the run's budget. ctx carries the same bound in
// wall-clock time so that a hung request is cut off too.
func (v *Verifier) check(ctx context.Context, raw string, deadline time.Time, spend *budget) Verdict {
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
		turn, why := v.waitTurn(ctx, wait, deadline)
		if why == "" && !spend.take() {
			why = errBudget
		}
		if why != "" {
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
			v.pace.limited(turn, v.clock.Now().Add(wait), v.maxWait)
		}
		last = out
	}
	vd.Detail = fmt.Sprintf("%s after %s", last.detail, plural(vd.Attempts, "attempt"))
	return vd
}

// waitTurn waits for own, then for a start on the shared schedule, and
// returns the ticket it started on. It returns why it gave up instead,
// without sleeping, when the request could not start before deadline or
// ctx is done: sleeping past the deadline would only delay an unknown
// verdict.
func (v *Verifier) waitTurn(ctx context.Context, own time.Duration, deadline time.Time) (ticket, string) {
	earliest := v.clock.Now().Add(own)
	for {
		if ctx.Err() != nil {
			return ticket{}, stopReason(ctx)
		}
		t := v.pace.book(earliest)
		if !t.at.Before(deadline) {
			return ticket{}, errTimeLimit.Error()
		}
		if d := t.at.Sub(v.clock.Now()); d > 0 {
			if err := v.clock.Sleep(ctx, d); err != nil {
				return ticket{}, stopReason(ctx)
			}
		}
		// Another check may have met a rate limit while this one slept:
		// then its start is booked again, after the new hold-off.
		if v.pace.current(t) {
			return t, ""
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

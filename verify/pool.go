package verify

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
)

// CheckAll verifies keys with a pool of Options.Jobs workers and returns a
// verdict for every key given. Keys that are equal once trimmed are asked
// about once and share the verdict. The whole run is bounded by
// Options.Timeout; keys not reached before it, or before ctx is cancelled,
// get StatusUnknown with a Detail saying why. Rate limits are shared: when
// one worker is told to wait, all of them wait, then they resume one at a
// time at a pace that slows down while the API keeps refusing (see
// limiter); and the whole run sends at most runBudget requests.
func (v *Verifier) CheckAll(ctx context.Context, keys []string) map[string]Verdict {
	ctx, cancel := context.WithTimeoutCause(ctx, v.timeout, errTimeLimit)
	defer cancel()
	deadline := v.clock.Now().Add(v.timeout)

	// Distinct trimmed keys in input order, so the first keys given are
	// the first asked about when the time limit cuts the run short.
	var distinct []string
	seen := make(map[string]bool)
	for _, k := range keys {
		t := strings.TrimSpace(k)
		if !seen[t] {
			seen[t] = true
			distinct = append(distinct, t)
		}
	}

	spend := newBudget(runBudget(len(distinct), v.maxAttempts))
	verdicts := make([]Verdict, len(distinct))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(v.jobs, len(distinct)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(distinct) {
					return
				}
				// check stops before sending when ctx is done or the
				// deadline has passed, so unreached keys drain fast.
				verdicts[i] = v.check(ctx, distinct[i], deadline, spend)
			}
		})
	}
	wg.Wait()

	byKey := make(map[string]Verdict, len(distinct))
	for i, t := range distinct {
		byKey[t] = verdicts[i]
	}
	out := make(map[string]Verdict, len(keys))
	for _, k := range keys {
		out[k] = byKey[strings.TrimSpace(k)]
	}
	return out
}

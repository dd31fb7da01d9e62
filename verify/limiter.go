package verify

import (
	"sync"
	"sync/atomic"
	"time"
)

// firstInterval is the spacing of requests once a rate limit is first met:
// 4 a second. Each rate limit met at the current pace doubles it.
const firstInterval = 250 * time.Millisecond

// limiter is the one schedule of requests shared by every check on a
// Verifier. A rate limit applies to the caller, not to one key, so it has
// to be obeyed by all workers together: a hold-off that each worker waits
// out on its own ends with all of them retrying at the same instant, and
// being refused again, until their attempts run out.
//
// It is a token bucket. Until the API first says "slow down" it holds as
// many tokens as there are workers and never runs dry. After a rate limit
// every worker waits for the hold-off (Retry-After), and the bucket then
// holds one token, refilled every interval: the workers resume one at a
// time. A rate limit met again at that pace doubles the interval.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration // between request starts; 0 until a rate limit is met
	next     time.Time     // when the next token is due
	until    time.Time     // hold-off: no request starts before it
	// gen changes whenever the schedule does (a new hold-off or pace):
	// a ticket booked under an older gen is booked again.
	gen uint64
	// pace changes with interval. A rate limit on a request booked at an
	// older pace says nothing about the current one: the burst that set
	// off the first hold-off must not double the interval 15 times.
	pace uint64
}

// ticket is a booked request start.
type ticket struct {
	at        time.Time
	gen, pace uint64
}

// book reserves the first start at or after earliest.
func (l *limiter) book(earliest time.Time) ticket {
	l.mu.Lock()
	defer l.mu.Unlock()
	at := earliest
	if l.until.After(at) {
		at = l.until
	}
	if l.interval > 0 {
		if l.next.After(at) {
			at = l.next
		}
		l.next = at.Add(l.interval)
	}
	return ticket{at: at, gen: l.gen, pace: l.pace}
}

// current reports whether t still holds: no rate limit has changed the
// schedule since it was booked.
func (l *limiter) current(t ticket) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return t.gen == l.gen
}

// limited records a rate-limit answer to the request booked as t: no
// request starts before resume, and the pace slows down if t was booked
// at the current one. maxInterval caps the spacing.
func (l *limiter) limited(t ticket, resume time.Time, maxInterval time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	changed := false
	if t.pace == l.pace {
		l.interval = min(max(2*l.interval, firstInterval), max(maxInterval, firstInterval))
		l.pace++
		changed = true
	}
	if resume.After(l.until) {
		l.until = resume
		changed = true
	}
	if changed {
		// Every ticket booked before is booked again, from the hold-off
		// on, one interval apart.
		l.gen++
		l.next = l.until
	}
}

// budget is the attempts left to a whole run, over all its keys: however
// many workers there are and however the API answers, a run sends at most
// this many requests.
type budget struct{ left atomic.Int64 }

func newBudget(n int) *budget {
	b := &budget{}
	b.left.Store(int64(n))
	return b
}

// take spends one attempt, or reports false when none is left.
func (b *budget) take() bool { return b.left.Add(-1) >= 0 }

// runBudget is the attempt budget of a run over n distinct keys: one
// request per key, as many again for retries shared by all keys, and a
// key's own attempts on top, so that one key can always use all of them.
func runBudget(n, maxAttempts int) int { return 2*n + maxAttempts }

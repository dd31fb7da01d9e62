package verify

import (
	"context"
	"time"
)

// Clock is the source of time for waits and deadlines. Tests inject a fake
// so that retry schedules run in virtual time.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns ctx.Err() at once when ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

package verify

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// keyOf returns the key a request carried.
func keyOf(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// TestCheckAllAsksOnce checks that a key listed many times, also with
// surrounding whitespace, costs one request, and every input gets a verdict.
func TestCheckAllAsksOnce(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, jsonReply(200, userJSON))
	v := newTestVerifier(t, api, Options{})
	key := testkeys.New(t)
	keys := []string{" " + key, key + "\n"}
	for range 10 {
		keys = append(keys, key)
	}

	got := checkAll(t, context.Background(), v, keys)
	if api.count() != 1 {
		t.Errorf("server saw %d requests, want 1", api.count())
	}
	if len(got) != 3 {
		t.Errorf("got %d verdicts, want one per distinct input (3)", len(got))
	}
	for _, k := range keys {
		assertVerdict(t, got[k], want{StatusLive, 200, 1, "authenticated"})
	}
	api.assertAuth(t, key)
}

// TestCheckAllMixed checks that each key gets its own verdict when several
// are checked in parallel.
func TestCheckAllMixed(t *testing.T) {
	live, restricted, invalid, flaky := testkeys.New(t), testkeys.New(t), testkeys.New(t), testkeys.New(t)
	replies := map[string]reply{
		live:       jsonReply(200, userJSON),
		restricted: jsonReply(403, gateway403Denied),
		invalid:    jsonReply(401, flat401),
		flaky:      jsonReply(503, gateway503),
	}
	clock := newFakeClock()
	var mu sync.Mutex
	perKey := map[string]int{}
	api := newFakeAPIFunc(t, clock, func(_ int, w http.ResponseWriter, r *http.Request) {
		k := keyOf(r)
		mu.Lock()
		perKey[k]++
		mu.Unlock()
		rep, ok := replies[k]
		if !ok {
			t.Errorf("request with an unexpected Authorization header")
			rep = reply{status: 500}
		}
		rep.write(w)
	})
	v := newTestVerifier(t, api, Options{Jobs: 3, MaxAttempts: 2})

	got := checkAll(t, context.Background(), v, []string{live, restricted, invalid, flaky})
	assertVerdict(t, got[live], want{StatusLive, 200, 1, "authenticated"})
	assertVerdict(t, got[restricted], want{StatusPossiblyLive, 403, 1, "PERMISSION_DENIED"})
	assertVerdict(t, got[invalid], want{StatusInvalid, 401, 1, "HTTP 401"})
	assertVerdict(t, got[flaky], want{StatusUnknown, 503, 2, "server error HTTP 503 after 2 attempts"})
	mu.Lock()
	defer mu.Unlock()
	for k, n := range map[string]int{live: 1, restricted: 1, invalid: 1, flaky: 2} {
		if perKey[k] != n {
			t.Errorf("server saw %d requests for a key, want %d", perKey[k], n)
		}
	}
}

// TestCheckAllSharedHoldoff checks that a 429 holds every worker back.
// Worker A is told to wait 10s. Worker B then gets a 503, whose own backoff
// is 1s; it must wait out A's 10s instead, and start after A. The manual clock lets both
// decide how long to sleep before either wakes.
func TestCheckAllSharedHoldoff(t *testing.T) {
	a, b := testkeys.New(t), testkeys.New(t)
	clock := newFakeClock()
	clock.manual = true
	// Cancelled when the test ends, so that a failing test releases
	// blocked handlers and sleepers instead of hanging.
	ctx, cancel := context.WithCancel(context.Background())
	bArrived, releaseB := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	seen := map[string]int{}
	api := newFakeAPIFunc(t, clock, func(_ int, w http.ResponseWriter, r *http.Request) {
		k := keyOf(r)
		mu.Lock()
		seen[k]++
		n := seen[k]
		mu.Unlock()
		switch {
		case n > 1:
			jsonReply(200, userJSON).write(w)
		case k == a:
			// B's first request must be in flight before the hold-off
			// starts; otherwise B would wait before it, not after.
			select {
			case <-bArrived:
			case <-ctx.Done():
			}
			rateLimited(map[string]string{"Retry-After": "10"}, flat429).write(w)
		case k == b:
			close(bArrived)
			select {
			case <-releaseB:
			case <-ctx.Done():
			}
			reply{status: 503}.write(w)
		}
	})
	t.Cleanup(cancel) // runs before the server's Close, which waits for handlers
	v := newTestVerifier(t, api, Options{Jobs: 2})

	done := make(chan map[string]Verdict, 1)
	go func() { done <- v.CheckAll(ctx, []string{a, b}) }()

	if got := clock.awaitSleepers(t, 1); got[0] != 10*time.Second {
		t.Fatalf("A sleeps %v, want the 10s Retry-After", got[0])
	}
	close(releaseB)
	// B waits out the shared hold-off, not its own 1s backoff, and then
	// goes one interval after A: after a rate limit, one at a time.
	if got := clock.awaitSleepers(t, 2); got[1] != 10*time.Second+firstInterval {
		t.Errorf("B sleeps %v, want the shared 10s hold-off and one interval after A", got[1])
	}
	clock.Advance(10*time.Second + firstInterval)
	var got map[string]Verdict
	select {
	case got = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("CheckAll did not return after the hold-off")
	}

	for _, k := range []string{a, b} {
		assertNoKey(t, k, got[k])
		assertVerdict(t, got[k], want{StatusLive, 200, 2, "authenticated"})
	}
	for i, r := range api.requests()[2:] {
		if r.at.Before(epoch.Add(10 * time.Second)) {
			t.Errorf("retry %d sent at +%v, inside the 10s hold-off", i, r.at.Sub(epoch))
		}
	}
}

// TestHoldoffDelaysNextKey checks that a key started after a rate limit
// waits for the hold-off before its first request.
func TestHoldoffDelaysNextKey(t *testing.T) {
	a, b := testkeys.New(t), testkeys.New(t)
	clock := newFakeClock()
	api := newFakeAPIFunc(t, clock, func(_ int, w http.ResponseWriter, r *http.Request) {
		if keyOf(r) == a {
			rateLimited(map[string]string{"Retry-After": "5"}, flat429).write(w)
			return
		}
		jsonReply(200, userJSON).write(w)
	})
	v := newTestVerifier(t, api, Options{Jobs: 1, MaxAttempts: 1})

	got := checkAll(t, context.Background(), v, []string{a, b})
	assertVerdict(t, got[a], want{StatusUnknown, 429, 1, "rate limited (HTTP 429) after 1 attempt"})
	assertVerdict(t, got[b], want{StatusLive, 200, 1, "authenticated"})
	assertWaits(t, clock, 5*time.Second)
	if reqs := api.requests(); len(reqs) != 2 || reqs[1].at.Sub(reqs[0].at) != 5*time.Second {
		t.Errorf("requests = %+v, want B's 5s after A's", reqs)
	}

	// A later Check on the same Verifier honours the hold-off too.
	api2 := newFakeAPI(t, clock, rateLimited(map[string]string{"Retry-After": "8"}, flat429), jsonReply(200, userJSON))
	v2 := newTestVerifier(t, api2, Options{MaxAttempts: 1})
	check(t, v2, testkeys.New(t))
	start := clock.Now()
	assertVerdict(t, check(t, v2, testkeys.New(t)), want{StatusLive, 200, 1, "authenticated"})
	if waited := clock.Now().Sub(start); waited != 8*time.Second {
		t.Errorf("second Check waited %v, want the 8s hold-off", waited)
	}
}

// TestCheckAllTimeLimit checks that keys not reached within Timeout are
// reported as not checked, and that no wait runs past it.
func TestCheckAllTimeLimit(t *testing.T) {
	keys := []string{testkeys.New(t), testkeys.New(t), testkeys.New(t)}
	clock := newFakeClock()
	api := newFakeAPI(t, clock, rateLimited(map[string]string{"Retry-After": "30"}, flat429))
	v := newTestVerifier(t, api, Options{Jobs: 1, Timeout: 45 * time.Second})

	got := checkAll(t, context.Background(), v, keys)
	assertVerdict(t, got[keys[0]], want{StatusUnknown, 429, 2,
		"rate limited (HTTP 429); gave up after 2 attempts: verification time limit reached"})
	for _, k := range keys[1:] {
		assertVerdict(t, got[k], want{StatusUnknown, 0, 0, "not checked: verification time limit reached"})
	}
	assertWaits(t, clock, 30*time.Second)
	if api.count() != 2 {
		t.Errorf("server saw %d requests, want 2", api.count())
	}
}

// TestCheckAllCancelled checks that a cancelled run sends nothing and
// still answers for every key.
func TestCheckAllCancelled(t *testing.T) {
	keys := []string{testkeys.New(t), testkeys.New(t), testkeys.New(t)}
	api := newFakeAPI(t, newFakeClock(), jsonReply(200, userJSON))
	v := newTestVerifier(t, api, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	got := checkAll(t, ctx, v, keys)
	if len(got) != len(keys) {
		t.Fatalf("got %d verdicts, want %d", len(got), len(keys))
	}
	for _, k := range keys {
		assertVerdict(t, got[k], want{StatusUnknown, 0, 0, "not checked: cancelled"})
	}
	if api.count() != 0 {
		t.Errorf("server saw %d requests, want 0", api.count())
	}
}

func TestCheckAllEmpty(t *testing.T) {
	v, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.CheckAll(context.Background(), nil); len(got) != 0 {
		t.Errorf("CheckAll(nil) = %v, want empty", got)
	}
}

package verify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// epoch is where every fake clock starts.
var epoch = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeClock runs in virtual time and records every wait. In auto mode a
// Sleep advances time at once; in manual mode it blocks until Advance, so a
// test can see what several goroutines decided to wait before any of them
// wakes.
type fakeClock struct {
	mu       sync.Mutex
	now      time.Time
	manual   bool
	waits    []time.Duration
	sleepers []*sleeper
}

type sleeper struct {
	until time.Time
	d     time.Duration
	wake  chan struct{}
}

func newFakeClock() *fakeClock { return &fakeClock{now: epoch} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.waits = append(c.waits, d)
	if !c.manual {
		c.now = c.now.Add(d)
		c.mu.Unlock()
		return nil
	}
	s := &sleeper{until: c.now.Add(d), d: d, wake: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	c.mu.Unlock()
	select {
	case <-s.wake:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		c.sleepers = slices.DeleteFunc(c.sleepers, func(x *sleeper) bool { return x == s })
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Advance moves virtual time on by d and wakes the sleepers now due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.sleepers = slices.DeleteFunc(c.sleepers, func(s *sleeper) bool {
		if s.until.After(c.now) {
			return false
		}
		close(s.wake)
		return true
	})
}

// Waits returns every duration passed to Sleep, in order.
func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}

// awaitSleepers blocks until n goroutines are asleep and returns their
// durations in the order they fell asleep.
func (c *fakeClock) awaitSleepers(t *testing.T, n int) []time.Duration {
	t.Helper()
	for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(time.Millisecond) {
		c.mu.Lock()
		if len(c.sleepers) >= n {
			ds := make([]time.Duration, len(c.sleepers))
			for i, s := range c.sleepers {
				ds[i] = s.d
			}
			c.mu.Unlock()
			return ds
		}
		c.mu.Unlock()
	}
	t.Fatalf("timed out waiting for %d sleepers", n)
	return nil
}

// reply is one scripted answer of the fake API.
type reply struct {
	status int
	header map[string]string
	body   string
}

func jsonReply(status int, body string) reply {
	return reply{status: status, header: map[string]string{"Content-Type": "application/json"}, body: body}
}

func htmlReply(status int) reply {
	return reply{status: status, header: map[string]string{"Content-Type": "text/html; charset=utf-8"}, body: htmlPage}
}

const htmlPage = `<!DOCTYPE html>
<html><head><title>Attention Required!</title></head>
<body><h1>Sorry, you have been blocked</h1></body></html>`

// userJSON is a /v1/auth answer: the spec's Profile. Tests check that
// none of it shows in a verdict.
const (
	userEmail = "dev@example.com"
	userJSON  = `{"emailAddress":"` + userEmail + `","firstName":"Dev","lastName":"Example","picture":""}`
)

func (r reply) write(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(r.status)
	_, _ = w.Write([]byte(r.body))
}

// seenRequest is what the fake API recorded of one request.
type seenRequest struct {
	method, path, rawQuery string
	auth                   []string
	accept, userAgent      string
	at                     time.Time // on the fake clock, zero without one
}

// fakeAPI is a stand-in for rest.compute.cudo.org on 127.0.0.1. It records
// every request and, when the test ends, checks that each was a GET of
// /v1/auth with no query, one Authorization header, and JSON accepted.
type fakeAPI struct {
	srv       *httptest.Server
	clock     *fakeClock
	userAgent string // expected User-Agent

	mu   sync.Mutex
	reqs []seenRequest
}

// newFakeAPI answers request n with replies[n], repeating the last reply.
func newFakeAPI(t *testing.T, clock *fakeClock, replies ...reply) *fakeAPI {
	return newFakeAPIFunc(t, clock, func(n int, w http.ResponseWriter, r *http.Request) {
		replies[min(n, len(replies)-1)].write(w)
	})
}

// newFakeAPIFunc answers with handle, given the request's 0-based index.
func newFakeAPIFunc(t *testing.T, clock *fakeClock, handle func(n int, w http.ResponseWriter, r *http.Request)) *fakeAPI {
	return startFakeAPI(t, clock, handle, httptest.NewServer)
}

func startFakeAPI(t *testing.T, clock *fakeClock, handle func(int, http.ResponseWriter, *http.Request), start func(http.Handler) *httptest.Server) *fakeAPI {
	t.Helper()
	api := &fakeAPI{clock: clock, userAgent: DefaultUserAgent}
	api.srv = start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := seenRequest{
			method:    r.Method,
			path:      r.URL.Path,
			rawQuery:  r.URL.RawQuery,
			auth:      r.Header.Values("Authorization"),
			accept:    r.Header.Get("Accept"),
			userAgent: r.Header.Get("User-Agent"),
		}
		if clock != nil {
			s.at = clock.Now()
		}
		api.mu.Lock()
		n := len(api.reqs)
		api.reqs = append(api.reqs, s)
		api.mu.Unlock()
		handle(n, w, r)
	}))
	t.Cleanup(api.srv.Close)
	t.Cleanup(func() {
		for i, r := range api.requests() {
			if r.method != http.MethodGet || r.path != "/v1/auth" || r.rawQuery != "" {
				t.Errorf("request %d: %s %s?%s, want GET /v1/auth with no query", i, r.method, r.path, r.rawQuery)
			}
			if len(r.auth) != 1 {
				t.Errorf("request %d: %d Authorization headers, want 1", i, len(r.auth))
			}
			if r.accept != "application/json" {
				t.Errorf("request %d: Accept %q, want application/json", i, r.accept)
			}
			if r.userAgent != api.userAgent {
				t.Errorf("request %d: User-Agent %q, want %q", i, r.userAgent, api.userAgent)
			}
		}
	})
	return api
}

func (a *fakeAPI) requests() []seenRequest {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.reqs)
}

func (a *fakeAPI) count() int { return len(a.requests()) }

// assertAuth checks that every request carried exactly "Bearer <key>".
func (a *fakeAPI) assertAuth(t *testing.T, key string) {
	t.Helper()
	for i, r := range a.requests() {
		if !slices.Equal(r.auth, []string{"Bearer " + key}) {
			t.Errorf("request %d: Authorization %q, want exactly \"Bearer \" + key", i, r.auth)
		}
	}
}

func zeroJitter() float64 { return 0 }

// newTestVerifier builds a Verifier for api, with the fake clock and no
// jitter unless opts says otherwise.
func newTestVerifier(t *testing.T, api *fakeAPI, opts Options) *Verifier {
	t.Helper()
	if opts.BaseURL == "" {
		opts.BaseURL = api.srv.URL
	}
	if opts.Clock == nil && api.clock != nil {
		opts.Clock = api.clock
	}
	if opts.Jitter == nil {
		opts.Jitter = zeroJitter
	}
	if opts.UserAgent != "" {
		api.userAgent = opts.UserAgent
	}
	v, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v
}

// check runs Check and fails the test if the Detail leaks the key.
func check(t *testing.T, v *Verifier, key string) Verdict {
	t.Helper()
	vd := v.Check(context.Background(), key)
	assertNoKey(t, key, vd)
	return vd
}

// checkAll runs CheckAll and fails the test if any Detail leaks a key.
func checkAll(t *testing.T, ctx context.Context, v *Verifier, keys []string) map[string]Verdict {
	t.Helper()
	got := v.CheckAll(ctx, keys)
	for _, vd := range got {
		for _, k := range keys {
			assertNoKey(t, k, vd)
		}
	}
	return got
}

// assertNoKey fails if any 12-character piece of key shows in the Detail:
// a partial key is a leak too.
func assertNoKey(t *testing.T, key string, vd Verdict) {
	t.Helper()
	if strings.Contains(vd.Detail, userEmail) || strings.Contains(vd.Detail, "Example") {
		t.Fatalf("Detail %q quotes the user record", vd.Detail)
	}
	key = strings.TrimSpace(key)
	const piece = 12
	for i := 0; i+piece <= len(key); i++ {
		if strings.Contains(vd.Detail, key[i:i+piece]) {
			t.Fatalf("Detail %q contains part of the key", vd.Detail)
		}
	}
}

// want is the part of a Verdict a test pins down; Detail is matched as a
// substring so that wording can gain context without breaking tests.
type want struct {
	status     Status
	httpStatus int
	attempts   int
	detail     string
}

func assertVerdict(t *testing.T, got Verdict, w want) {
	t.Helper()
	if got.Status != w.status || got.HTTPStatus != w.httpStatus || got.Attempts != w.attempts ||
		!strings.Contains(got.Detail, w.detail) {
		t.Errorf("verdict = %+v\nwant status %q, HTTP %d, %d attempts, detail containing %q",
			got, w.status, w.httpStatus, w.attempts, w.detail)
	}
}

func assertWaits(t *testing.T, clock *fakeClock, want ...time.Duration) {
	t.Helper()
	if got := clock.Waits(); !slices.Equal(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
}

func secs(s ...float64) []time.Duration {
	ds := make([]time.Duration, len(s))
	for i, x := range s {
		ds[i] = time.Duration(x * float64(time.Second))
	}
	return ds
}

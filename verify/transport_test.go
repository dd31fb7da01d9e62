package verify

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// stall returns a handler that stops answering, after sending the status
// line and part of a body when sendHeaders is set. It returns when the
// client gives up and closes the connection, which every test using it
// makes happen; the timer only keeps a broken test from hanging.
func stall(sendHeaders bool) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, r *http.Request) {
		if sendHeaders {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"id":`))
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}
}

// TestSlowServer checks that a server which stops answering, before or
// after the headers, ends as an unknown timeout, never live, with a real
// client timeout.
func TestSlowServer(t *testing.T) {
	for _, tt := range []struct {
		name        string
		sendHeaders bool
		httpStatus  int
	}{
		{"slow headers", false, 0},
		{"slow body", true, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			api := newFakeAPIFunc(t, clock, stall(tt.sendHeaders))
			v := newTestVerifier(t, api, Options{
				MaxAttempts: 2,
				Client:      &http.Client{Timeout: 100 * time.Millisecond},
			})
			key := testkeys.New(t)

			assertVerdict(t, check(t, v, key), want{StatusUnknown, tt.httpStatus, 2, "timeout after 2 attempts"})
			assertWaits(t, clock, time.Second)
			if got := api.count(); got != 2 {
				t.Errorf("server saw %d requests, want 2", got)
			}
			api.assertAuth(t, key)
		})
	}
}

// TestConnectionReset checks that a connection dropped without an answer
// is retried and then reported, not taken for a verdict.
func TestConnectionReset(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPIFunc(t, clock, func(_ int, w http.ResponseWriter, _ *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // close with RST rather than FIN
		}
		_ = conn.Close()
	})
	v := newTestVerifier(t, api, Options{MaxAttempts: 3})
	key := testkeys.New(t)

	assertVerdict(t, check(t, v, key), want{StatusUnknown, 0, 3, "connection reset after 3 attempts"})
	assertWaits(t, clock, secs(1, 2)...)
	if got := api.count(); got != 3 {
		t.Errorf("server saw %d requests, want 3", got)
	}
	api.assertAuth(t, key)
}

// TestConnectionRefused checks the report when nothing listens.
func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	clock := newFakeClock()
	v, err := New(Options{BaseURL: "http://" + addr, Clock: clock, Jitter: zeroJitter, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusUnknown, 0, 2, "connection refused after 2 attempts"})
	assertWaits(t, clock, time.Second)
}

// TestRedirectNotFollowed checks that a redirect, which could carry the
// Authorization header to another host, is never followed, even with a
// caller's client that would follow it, and that the caller's client is
// left as it was.
func TestRedirectNotFollowed(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var elsewhere atomic.Int64
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				elsewhere.Add(1)
				jsonReply(200, userJSON).write(w)
			}))
			defer other.Close()

			clock := newFakeClock()
			api := newFakeAPI(t, clock, reply{status: status, header: map[string]string{"Location": other.URL + "/v1/auth"}})
			var followCalls atomic.Int64
			errFollow := errors.New("caller's policy")
			caller := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
				followCalls.Add(1)
				return nil
			}}
			v := newTestVerifier(t, api, Options{Client: caller})
			key := testkeys.New(t)

			assertVerdict(t, check(t, v, key), want{StatusUnknown, status, 1, "redirect to another location not followed"})
			if n := elsewhere.Load(); n != 0 {
				t.Errorf("redirect target saw %d requests, want 0", n)
			}
			if n := followCalls.Load(); n != 0 {
				t.Errorf("caller's CheckRedirect was called %d times", n)
			}
			if api.count() != 1 {
				t.Errorf("server saw %d requests, want 1", api.count())
			}
			// The caller's client still has its own policy.
			caller.CheckRedirect = func(*http.Request, []*http.Request) error { return errFollow }
			if err := v.client.CheckRedirect(nil, nil); !errors.Is(err, http.ErrUseLastResponse) {
				t.Errorf("verifier's CheckRedirect = %v, want http.ErrUseLastResponse", err)
			}
			api.assertAuth(t, key)
		})
	}
}

// TestNewLeavesCallerClientAlone checks that New copies the client rather
// than changing the caller's redirect policy.
func TestNewLeavesCallerClientAlone(t *testing.T) {
	caller := &http.Client{Timeout: 3 * time.Second}
	v, err := New(Options{Client: caller})
	if err != nil {
		t.Fatal(err)
	}
	if caller.CheckRedirect != nil {
		t.Error("New set CheckRedirect on the caller's client")
	}
	if v.client == caller || v.client.Timeout != 3*time.Second {
		t.Errorf("verifier client = %p with timeout %v, want a copy of %p with 3s", v.client, v.client.Timeout, caller)
	}
}

// TestCancelDuringWait checks, on the real clock, that cancelling the
// context (Ctrl-C) interrupts a long Retry-After wait at once.
func TestCancelDuringWait(t *testing.T) {
	api := newFakeAPI(t, nil, rateLimited(map[string]string{"Retry-After": "30"}, flat429))
	v, err := New(Options{BaseURL: api.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(50*time.Millisecond, cancel)
	key := testkeys.New(t)

	start := time.Now()
	vd := v.Check(ctx, key)
	elapsed := time.Since(start)
	assertNoKey(t, key, vd)
	assertVerdict(t, vd, want{StatusUnknown, 429, 1, "rate limited (HTTP 429); gave up after 1 attempt: cancelled"})
	if elapsed > 2*time.Second {
		t.Errorf("Check returned %v after being cancelled during a 30s wait", elapsed)
	}
}

// TestCancelDuringRequest checks that cancelling interrupts a request in
// flight and is reported as cancellation, not as a network fault.
func TestCancelDuringRequest(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPIFunc(t, clock, stall(false))
	v := newTestVerifier(t, api, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(50*time.Millisecond, cancel)
	key := testkeys.New(t)

	vd := v.Check(ctx, key)
	assertNoKey(t, key, vd)
	assertVerdict(t, vd, want{StatusUnknown, 0, 1, "gave up after 1 attempt: cancelled"})
	assertWaits(t, clock)
}

// TestTLS checks HTTPS both ways: a server whose certificate the client
// does not trust never receives the request, and a trusted one works.
func TestTLS(t *testing.T) {
	t.Run("untrusted certificate", func(t *testing.T) {
		clock := newFakeClock()
		api := startFakeAPI(t, clock, func(int, http.ResponseWriter, *http.Request) {
			t.Error("handler reached through an untrusted certificate")
		}, httptest.NewTLSServer)
		v := newTestVerifier(t, api, Options{}) // default client: system roots only

		assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusUnknown, 0, 1, "TLS certificate not trusted"})
		assertWaits(t, clock)
		if got := api.count(); got != 0 {
			t.Errorf("server saw %d requests, want 0", got)
		}
	})
	t.Run("trusted certificate", func(t *testing.T) {
		clock := newFakeClock()
		api := startFakeAPI(t, clock, func(_ int, w http.ResponseWriter, _ *http.Request) {
			jsonReply(200, userJSON).write(w)
		}, httptest.NewTLSServer)
		v := newTestVerifier(t, api, Options{Client: api.srv.Client()})
		key := testkeys.New(t)

		assertVerdict(t, check(t, v, key), want{StatusLive, 200, 1, "authenticated"})
		api.assertAuth(t, key)
	})
}

func TestDescribeTransportErrorNeverQuotes(t *testing.T) {
	secret := testkeys.New(t)
	for _, err := range []error{
		errors.New("Authorization: Bearer " + secret),
		&net.OpError{Op: "read", Err: errors.New(secret)},
		&net.DNSError{Err: secret, Name: secret},
	} {
		detail, _ := describeTransportError(err)
		assertNoKey(t, secret, Verdict{Detail: detail})
	}
}

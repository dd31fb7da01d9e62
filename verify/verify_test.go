package verify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// Error bodies in each form CUDO or a gateway in front of it may send.
const (
	flat401    = `{"code":401,"status":"UNAUTHENTICATED","message":"invalid api key","details":[]}`
	gateway401 = `{"code":16,"message":"invalid api key","details":[]}`
	wrapped401 = `{"error":{"code":401,"status":"UNAUTHENTICATED","message":"invalid api key","details":[]}}`

	flat403Denied    = `{"code":403,"status":"PERMISSION_DENIED","message":"permission denied","details":[]}`
	gateway403Denied = `{"code":7,"message":"permission denied","details":[]}`
	wrapped403Denied = `{"error":{"code":403,"status":"PERMISSION_DENIED","message":"permission denied"}}`

	flat403Exhausted    = `{"code":403,"status":"RESOURCE_EXHAUSTED","message":"quota exceeded"}`
	gateway403Exhausted = `{"code":8,"message":"quota exceeded","details":[]}`
	wrapped403Exhausted = `{"error":{"code":403,"status":"RESOURCE_EXHAUSTED","message":"quota exceeded"}}`

	flat429    = `{"code":429,"status":"RESOURCE_EXHAUSTED","message":"too many requests","details":[]}`
	gateway429 = `{"code":8,"message":"too many requests","details":[]}`
	wrapped429 = `{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"too many requests"}}`

	flat500    = `{"code":500,"status":"INTERNAL","message":"internal error","details":[]}`
	gateway503 = `{"code":14,"message":"unavailable","details":[]}`
	wrapped503 = `{"error":{"code":503,"status":"UNAVAILABLE","message":"backend unavailable"}}`
)

// TestErrorStatusesAndBodyForms runs every error status against every body
// form, with three attempts allowed: the verdict must depend on the status
// and, for 403, on what the body says, never on its form alone.
func TestErrorStatusesAndBodyForms(t *testing.T) {
	invalid := want{StatusInvalid, 401, 1, "rejected: invalid or revoked key (HTTP 401 UNAUTHENTICATED)"}
	// A 401 that is not the API's own error (a proxy, a WAF, a captive
	// portal) proves nothing: unknown, and not retried either.
	notProof := func(detail string) want { return want{StatusUnknown, 401, 1, detail} }
	possiblyLive := func(detail string) want { return want{StatusPossiblyLive, 403, 1, detail} }
	tests := []struct {
		name  string
		reply reply
		want  want
		waits []time.Duration
	}{
		{"401 flat", jsonReply(401, flat401), invalid, nil},
		{"401 gateway", jsonReply(401, gateway401), invalid, nil},
		{"401 wrapped", jsonReply(401, wrapped401), invalid, nil},
		{"401 gateway labelled text/plain", reply{401, map[string]string{"Content-Type": "text/plain"}, gateway401}, invalid, nil},
		{"401 empty", reply{status: 401}, notProof("unexpected response: empty body (HTTP 401), not the API's error"), nil},
		{"401 HTML", htmlReply(401), notProof("unexpected response: HTML body (HTTP 401), not the API's error"), nil},
		{"401 HTML labelled JSON", reply{401, map[string]string{"Content-Type": "application/json"}, htmlPage},
			notProof("HTML body (HTTP 401)"), nil},
		{"401 plain text", reply{401, map[string]string{"Content-Type": "text/plain"}, "Unauthorized"},
			notProof("non-JSON body (HTTP 401)"), nil},
		{"401 proxy JSON", jsonReply(401, `{"message":"Unauthorized"}`),
			notProof("HTTP 401 without the API's UNAUTHENTICATED error"), nil},
		{"401 HTTP code only", jsonReply(401, `{"code":401,"message":"Unauthorized"}`),
			notProof("HTTP 401 without the API's UNAUTHENTICATED error"), nil},
		{"401 other status", jsonReply(401, `{"code":7,"message":"denied"}`),
			notProof("HTTP 401 without the API's UNAUTHENTICATED error PERMISSION_DENIED"), nil},
		{"401 contradictory", jsonReply(401, `{"code":7,"status":"UNAUTHENTICATED"}`),
			notProof("HTTP 401 without the API's UNAUTHENTICATED error"), nil},

		{"403 flat PERMISSION_DENIED", jsonReply(403, flat403Denied),
			possiblyLive("possibly live (the API refused this key for /v1/auth): revoke it to be safe (HTTP 403 PERMISSION_DENIED)"), nil},
		{"403 gateway code 7", jsonReply(403, gateway403Denied), possiblyLive("PERMISSION_DENIED"), nil},
		{"403 wrapped PERMISSION_DENIED", jsonReply(403, wrapped403Denied), possiblyLive("PERMISSION_DENIED"), nil},
		{"403 lowercase status", jsonReply(403, `{"code":403,"status":"permission_denied"}`), possiblyLive("PERMISSION_DENIED"), nil},
		{"403 plain text", reply{403, map[string]string{"Content-Type": "text/plain"}, "Forbidden"},
			want{StatusUnknown, 403, 1, "unexpected response: non-JSON body (HTTP 403)"}, nil},
		{"403 empty", reply{status: 403},
			want{StatusUnknown, 403, 1, "unexpected response: empty body (HTTP 403)"}, nil},
		{"403 HTML WAF page", htmlReply(403),
			want{StatusUnknown, 403, 1, "unexpected response: HTML body (HTTP 403)"}, nil},
		{"403 HTML without Content-Type", reply{status: 403, body: htmlPage},
			want{StatusUnknown, 403, 1, "unexpected response: HTML body (HTTP 403)"}, nil},
		{"403 JSON without status", jsonReply(403, `{"message":"Forbidden"}`),
			want{StatusUnknown, 403, 1, "unexpected response: HTTP 403 without PERMISSION_DENIED"}, nil},
		{"403 JSON with HTTP code only", jsonReply(403, `{"code":403,"message":"Forbidden"}`),
			want{StatusUnknown, 403, 1, "unexpected response: HTTP 403 without PERMISSION_DENIED"}, nil},
		{"403 contradictory status and code", jsonReply(403, `{"code":8,"status":"PERMISSION_DENIED"}`),
			want{StatusUnknown, 403, 1, "unexpected response: HTTP 403 without PERMISSION_DENIED"}, nil},
		{"403 UNAUTHENTICATED", jsonReply(403, `{"code":16,"message":"bad key"}`),
			want{StatusUnknown, 403, 1, "HTTP 403 without PERMISSION_DENIED UNAUTHENTICATED"}, nil},

		{"403 flat RESOURCE_EXHAUSTED", jsonReply(403, flat403Exhausted),
			want{StatusUnknown, 403, 3, "rate limited (HTTP 403 RESOURCE_EXHAUSTED) after 3 attempts"}, secs(1, 2)},
		{"403 gateway code 8", jsonReply(403, gateway403Exhausted),
			want{StatusUnknown, 403, 3, "rate limited (HTTP 403 RESOURCE_EXHAUSTED) after 3 attempts"}, secs(1, 2)},
		{"403 wrapped RESOURCE_EXHAUSTED", jsonReply(403, wrapped403Exhausted),
			want{StatusUnknown, 403, 3, "rate limited (HTTP 403 RESOURCE_EXHAUSTED) after 3 attempts"}, secs(1, 2)},

		{"429 flat", jsonReply(429, flat429), want{StatusUnknown, 429, 3, "rate limited (HTTP 429) after 3 attempts"}, secs(1, 2)},
		{"429 gateway", jsonReply(429, gateway429), want{StatusUnknown, 429, 3, "rate limited (HTTP 429) after 3 attempts"}, secs(1, 2)},
		{"429 wrapped", jsonReply(429, wrapped429), want{StatusUnknown, 429, 3, "rate limited (HTTP 429) after 3 attempts"}, secs(1, 2)},
		{"429 empty", reply{status: 429}, want{StatusUnknown, 429, 3, "rate limited (HTTP 429) after 3 attempts"}, secs(1, 2)},
		{"429 HTML", htmlReply(429), want{StatusUnknown, 429, 3, "rate limited (HTTP 429) after 3 attempts"}, secs(1, 2)},

		{"500 flat", jsonReply(500, flat500), want{StatusUnknown, 500, 3, "server error HTTP 500 after 3 attempts"}, secs(1, 2)},
		{"503 gateway", jsonReply(503, gateway503), want{StatusUnknown, 503, 3, "server error HTTP 503 after 3 attempts"}, secs(1, 2)},
		{"503 wrapped", jsonReply(503, wrapped503), want{StatusUnknown, 503, 3, "server error HTTP 503 after 3 attempts"}, secs(1, 2)},
		{"502 HTML", htmlReply(502), want{StatusUnknown, 502, 3, "server error HTTP 502 after 3 attempts"}, secs(1, 2)},
		{"504 empty", reply{status: 504}, want{StatusUnknown, 504, 3, "server error HTTP 504 after 3 attempts"}, secs(1, 2)},

		{"400", jsonReply(400, `{"code":3,"message":"bad header"}`), want{StatusUnknown, 400, 1, "unexpected response HTTP 400"}, nil},
		{"404", htmlReply(404), want{StatusUnknown, 404, 1, "unexpected response HTTP 404"}, nil},
		{"204", reply{status: 204}, want{StatusUnknown, 204, 1, "unexpected response HTTP 204"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			api := newFakeAPI(t, clock, tt.reply)
			v := newTestVerifier(t, api, Options{MaxAttempts: 3})
			key := testkeys.New(t)

			assertVerdict(t, check(t, v, key), tt.want)
			assertWaits(t, clock, tt.waits...)
			if got := api.count(); got != tt.want.attempts {
				t.Errorf("server saw %d requests, want %d", got, tt.want.attempts)
			}
			api.assertAuth(t, key)
		})
	}
}

// TestOK checks that only a JSON object makes a 200 live: proxies and
// captive portals answer 200 too.
func TestOK(t *testing.T) {
	bigJSON := `{"emailAddress":"` + userEmail + `","picture":"` + strings.Repeat("x", 70<<10) + `"}`
	tests := []struct {
		name  string
		reply reply
		want  want
	}{
		{"JSON user", jsonReply(200, userJSON), want{StatusLive, 200, 1, "authenticated (HTTP 200)"}},
		{"JSON labelled text/plain", reply{200, map[string]string{"Content-Type": "text/plain"}, userJSON},
			want{StatusLive, 200, 1, "authenticated"}},
		{"JSON with charset", reply{200, map[string]string{"Content-Type": "application/json; charset=utf-8"}, userJSON},
			want{StatusLive, 200, 1, "authenticated"}},
		{"only a name", jsonReply(200, `{"firstName":"Dev"}`), want{StatusLive, 200, 1, "authenticated"}},
		{"empty object", jsonReply(200, `{}`),
			want{StatusUnknown, 200, 1, "unexpected response: a HTTP 200 JSON object that is not a user record"}},
		{"some other object", jsonReply(200, `{"status":"ok","id":"u-1"}`), want{StatusUnknown, 200, 1, "not a user record"}},
		{"Profile field not a string", jsonReply(200, `{"emailAddress":null,"firstName":7}`), want{StatusUnknown, 200, 1, "not a user record"}},
		{"JSON larger than the read limit", jsonReply(200, bigJSON), want{StatusUnknown, 200, 1, "too large for a user record"}},
		{"HTML captive portal", htmlReply(200), want{StatusUnknown, 200, 1, "unexpected response: HTML body (HTTP 200)"}},
		{"HTML labelled JSON", reply{200, map[string]string{"Content-Type": "application/json"}, htmlPage},
			want{StatusUnknown, 200, 1, "unexpected response: HTML body (HTTP 200)"}},
		{"HTML larger than the read limit", reply{200, map[string]string{"Content-Type": "text/html"}, "<html>" + strings.Repeat("x", 70<<10)},
			want{StatusUnknown, 200, 1, "HTML body"}},
		{"empty", reply{status: 200}, want{StatusUnknown, 200, 1, "unexpected response: empty body (HTTP 200)"}},
		{"empty labelled JSON", jsonReply(200, ""), want{StatusUnknown, 200, 1, "empty body"}},
		{"plain text", reply{200, map[string]string{"Content-Type": "text/plain"}, "OK"},
			want{StatusUnknown, 200, 1, "non-JSON body"}},
		{"JSON array", jsonReply(200, `[]`), want{StatusUnknown, 200, 1, "JSON body that is not an object"}},
		{"JSON null", jsonReply(200, `null`), want{StatusUnknown, 200, 1, "JSON body that is not an object"}},
		{"error object", jsonReply(200, wrapped401), want{StatusUnknown, 200, 1, "error object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			api := newFakeAPI(t, clock, tt.reply)
			v := newTestVerifier(t, api, Options{})
			key := testkeys.New(t)

			assertVerdict(t, check(t, v, key), tt.want)
			assertWaits(t, clock)
			if got := api.count(); got != 1 {
				t.Errorf("server saw %d requests, want 1", got)
			}
			api.assertAuth(t, key)
		})
	}
}

// Test401AskedOnce checks that an invalid key is never retried, even when
// the server sends a retry hint and attempts remain.
func Test401AskedOnce(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, reply{
		status: 401,
		header: map[string]string{"Content-Type": "application/json", "Retry-After": "1"},
		body:   flat401,
	})
	v := newTestVerifier(t, api, Options{MaxAttempts: 10})
	key := testkeys.New(t)

	assertVerdict(t, check(t, v, key), want{StatusInvalid, 401, 1, "HTTP 401"})
	assertWaits(t, clock)
	if got := api.count(); got != 1 {
		t.Errorf("server saw %d requests, want 1", got)
	}
	api.assertAuth(t, key)
}

// TestRequestShape checks the exact request: GET /v1/auth, the trimmed key
// as a Bearer token, JSON accepted, the configured User-Agent, and the key
// nowhere in the URL.
func TestRequestShape(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, jsonReply(200, userJSON))
	v := newTestVerifier(t, api, Options{UserAgent: "cudoscan/1.2.3"})
	key := testkeys.New(t)

	assertVerdict(t, check(t, v, " \t"+key+"\r\n"), want{StatusLive, 200, 1, "authenticated"})
	reqs := api.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.method != "GET" || r.path != "/v1/auth" || r.rawQuery != "" {
		t.Errorf("request = %s %s?%s, want GET /v1/auth", r.method, r.path, r.rawQuery)
	}
	if r.userAgent != "cudoscan/1.2.3" {
		t.Errorf("User-Agent = %q", r.userAgent)
	}
	if strings.Contains(r.path+r.rawQuery, key) {
		t.Error("key appears in the URL")
	}
	api.assertAuth(t, key)
}

// TestKeyNotSent checks that keys which cannot be a valid header value are
// refused locally instead of being sent.
func TestKeyNotSent(t *testing.T) {
	key := testkeys.New(t)
	tests := []struct {
		name, key, detail string
	}{
		{"empty", "", "empty key; nothing sent"},
		{"whitespace only", " \n\t ", "empty key; nothing sent"},
		{"newline inside", key[:32] + "\n" + key[32:], "control characters; nothing sent"},
		{"NUL inside", key[:32] + "\x00" + key[32:], "control characters; nothing sent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, newFakeClock(), jsonReply(200, userJSON))
			v := newTestVerifier(t, api, Options{})
			assertVerdict(t, check(t, v, tt.key), want{StatusUnknown, 0, 0, tt.detail})
			if got := api.count(); got != 0 {
				t.Errorf("server saw %d requests, want 0", got)
			}
		})
	}
}

func TestVerdictLive(t *testing.T) {
	for status, live := range map[Status]bool{
		StatusLive: true, StatusPossiblyLive: true, StatusInvalid: false, StatusUnknown: false, "": false,
	} {
		if got := (Verdict{Status: status}).Live(); got != live {
			t.Errorf("Verdict{Status: %q}.Live() = %v, want %v", status, got, live)
		}
	}
}

// TestCheckRespectsCallerDeadline checks that the caller's own context
// deadline also ends a check early, and is named as such.
func TestCheckRespectsCallerDeadline(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, jsonReply(200, userJSON))
	v := newTestVerifier(t, api, Options{})
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	key := testkeys.New(t)
	vd := v.Check(ctx, key)
	assertNoKey(t, key, vd)
	assertVerdict(t, vd, want{StatusUnknown, 0, 0, "not checked: caller's deadline exceeded"})
	if got := api.count(); got != 0 {
		t.Errorf("server saw %d requests, want 0", got)
	}
}

package verify

import (
	"net/http"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

func rateLimited(header map[string]string, body string) reply {
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range header {
		h[k] = v
	}
	return reply{status: 429, header: h, body: body}
}

func retryInfoBody(delay string) string {
	return `{"code":429,"status":"RESOURCE_EXHAUSTED","message":"slow down","details":[` +
		`{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":` + delay + `}]}`
}

// TestServerDelay checks that a 429 followed by success waits exactly what
// the server asked for, from each source in order of precedence.
func TestServerDelay(t *testing.T) {
	tests := []struct {
		name  string
		first func(now time.Time) reply
		wait  time.Duration
	}{
		{"Retry-After seconds", func(time.Time) reply {
			return rateLimited(map[string]string{"Retry-After": "7"}, flat429)
		}, 7 * time.Second},
		{"Retry-After HTTP-date", func(now time.Time) reply {
			return rateLimited(map[string]string{"Retry-After": now.Add(12 * time.Second).Format(http.TimeFormat)}, flat429)
		}, 12 * time.Second},
		{"RetryInfo 30s", func(time.Time) reply { return rateLimited(nil, retryInfoBody(`"30s"`)) }, 30 * time.Second},
		{"RetryInfo 1.5s", func(time.Time) reply { return rateLimited(nil, retryInfoBody(`"1.5s"`)) }, 1500 * time.Millisecond},
		{"RetryInfo seconds and nanos", func(time.Time) reply {
			return rateLimited(nil, retryInfoBody(`{"seconds":"2","nanos":500000000}`))
		}, 2500 * time.Millisecond},
		{"RetryInfo in wrapped body", func(time.Time) reply {
			return rateLimited(nil, `{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[`+
				`{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"4s"}]}}`)
		}, 4 * time.Second},
		{"RetryInfo after other details", func(time.Time) reply {
			return rateLimited(nil, `{"code":8,"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT"},`+
				`{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"6s"}]}`)
		}, 6 * time.Second},
		{"Retry-After wins over RetryInfo", func(time.Time) reply {
			return rateLimited(map[string]string{"Retry-After": "3"}, retryInfoBody(`"20s"`))
		}, 3 * time.Second},
		{"garbage Retry-After falls back to RetryInfo", func(time.Time) reply {
			return rateLimited(map[string]string{"Retry-After": "soon"}, retryInfoBody(`"5s"`))
		}, 5 * time.Second},
		{"Retry-After zero", func(time.Time) reply {
			return rateLimited(map[string]string{"Retry-After": "0"}, flat429)
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			api := newFakeAPI(t, clock, tt.first(clock.Now()), jsonReply(200, userJSON))
			v := newTestVerifier(t, api, Options{})
			key := testkeys.New(t)

			assertVerdict(t, check(t, v, key), want{StatusLive, 200, 2, "authenticated"})
			if tt.wait > 0 {
				assertWaits(t, clock, tt.wait)
			} else {
				assertWaits(t, clock)
			}
			reqs := api.requests()
			if len(reqs) != 2 {
				t.Fatalf("server saw %d requests, want 2", len(reqs))
			}
			if gap := reqs[1].at.Sub(reqs[0].at); gap != tt.wait {
				t.Errorf("second request came %v after the first, want %v", gap, tt.wait)
			}
			api.assertAuth(t, key)
		})
	}
}

// TestIgnoredHints checks that negative, past or malformed delays are
// ignored in favour of backoff (1s with zero jitter), not obeyed or fatal.
func TestIgnoredHints(t *testing.T) {
	tests := []struct {
		name  string
		reply func(now time.Time) reply
	}{
		{"Retry-After word", func(time.Time) reply { return rateLimited(map[string]string{"Retry-After": "later"}, "") }},
		{"Retry-After negative", func(time.Time) reply { return rateLimited(map[string]string{"Retry-After": "-5"}, "") }},
		{"Retry-After fraction", func(time.Time) reply { return rateLimited(map[string]string{"Retry-After": "1.5"}, "") }},
		{"Retry-After past date", func(now time.Time) reply {
			return rateLimited(map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, "")
		}},
		{"RetryInfo negative", func(time.Time) reply { return rateLimited(nil, retryInfoBody(`"-3s"`)) }},
		{"RetryInfo without unit", func(time.Time) reply { return rateLimited(nil, retryInfoBody(`"30"`)) }},
		{"RetryInfo NaN", func(time.Time) reply { return rateLimited(nil, retryInfoBody(`"NaNs"`)) }},
		{"RetryInfo number", func(time.Time) reply { return rateLimited(nil, retryInfoBody(`30`)) }},
		{"RetryInfo wrong type", func(time.Time) reply {
			return rateLimited(nil, `{"code":8,"details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","retryDelay":"9s"}]}`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			api := newFakeAPI(t, clock, tt.reply(clock.Now()), jsonReply(200, userJSON))
			v := newTestVerifier(t, api, Options{})

			assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusLive, 200, 2, "authenticated"})
			assertWaits(t, clock, time.Second)
		})
	}
}

// TestBackoff checks the schedule used when the server gives no hint:
// 1s, 2s, 4s, 8s plus up to half again of jitter.
func TestBackoff(t *testing.T) {
	tests := []struct {
		name   string
		jitter float64
		waits  []time.Duration
	}{
		{"no jitter", 0, secs(1, 2, 4, 8)},
		{"half jitter", 0.5, secs(1.25, 2.5, 5, 10)},
		{"out-of-range jitter ignored", 7, secs(1, 2, 4, 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			api := newFakeAPI(t, clock, reply{status: 429}, reply{status: 429}, reply{status: 429}, reply{status: 429},
				jsonReply(200, userJSON))
			v := newTestVerifier(t, api, Options{Jitter: func() float64 { return tt.jitter }})

			assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusLive, 200, 5, "authenticated"})
			assertWaits(t, clock, tt.waits...)
		})
	}
}

// TestMaxWaitCaps checks that no single delay exceeds MaxWait, whatever
// its source.
func TestMaxWaitCaps(t *testing.T) {
	tests := []struct {
		name    string
		maxWait time.Duration
		replies []reply
		waits   []time.Duration
	}{
		{"Retry-After an hour, default cap", 0,
			[]reply{rateLimited(map[string]string{"Retry-After": "3600"}, "")}, secs(30)},
		{"Retry-After beyond int64", 5 * time.Second,
			[]reply{rateLimited(map[string]string{"Retry-After": "99999999999999999999999"}, "")}, secs(5)},
		{"Retry-After date a day ahead", 5 * time.Second,
			[]reply{rateLimited(map[string]string{"Retry-After": epoch.Add(24 * time.Hour).Format(http.TimeFormat)}, "")}, secs(5)},
		{"RetryInfo a minute", 5 * time.Second,
			[]reply{rateLimited(nil, retryInfoBody(`"60s"`))}, secs(5)},
		{"backoff", 3 * time.Second,
			[]reply{{status: 503}, {status: 503}, {status: 503}, {status: 503}}, secs(1, 2, 3, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			api := newFakeAPI(t, clock, append(tt.replies, jsonReply(200, userJSON))...)
			v := newTestVerifier(t, api, Options{MaxWait: tt.maxWait})

			assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusLive, 200, len(tt.replies) + 1, "authenticated"})
			assertWaits(t, clock, tt.waits...)
		})
	}
}

// TestRateLimitedForever checks that a permanent 429 ends as unknown after
// MaxAttempts requests, not as any verdict about the key.
func TestRateLimitedForever(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, jsonReply(429, flat429))
	v := newTestVerifier(t, api, Options{})
	key := testkeys.New(t)

	assertVerdict(t, check(t, v, key), want{StatusUnknown, 429, 5, "rate limited (HTTP 429) after 5 attempts"})
	assertWaits(t, clock, secs(1, 2, 4, 8)...)
	if got := api.count(); got != 5 {
		t.Errorf("server saw %d requests, want 5", got)
	}
	api.assertAuth(t, key)
}

// TestTimeoutBound checks that a check gives up, without sleeping, when
// the next wait would end past Timeout.
func TestTimeoutBound(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, rateLimited(map[string]string{"Retry-After": "4"}, flat429))
	v := newTestVerifier(t, api, Options{Timeout: 10 * time.Second, MaxAttempts: 100})

	assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusUnknown, 429, 3,
		"rate limited (HTTP 429); gave up after 3 attempts: verification time limit reached"})
	assertWaits(t, clock, secs(4, 4)...)
	if elapsed := clock.Now().Sub(epoch); elapsed > 10*time.Second {
		t.Errorf("check took %v of virtual time, want at most the 10s Timeout", elapsed)
	}
}

// TestServerErrorsThenSuccess checks that 5xx answers are retried with
// backoff and that a later 200 still counts.
func TestServerErrorsThenSuccess(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, jsonReply(500, flat500), htmlReply(502), jsonReply(503, gateway503), jsonReply(200, userJSON))
	v := newTestVerifier(t, api, Options{})
	key := testkeys.New(t)

	assertVerdict(t, check(t, v, key), want{StatusLive, 200, 4, "authenticated (HTTP 200)"})
	assertWaits(t, clock, secs(1, 2, 4)...)
	if got := api.count(); got != 4 {
		t.Errorf("server saw %d requests, want 4", got)
	}
	api.assertAuth(t, key)
}

// TestResourceExhausted403ThenSuccess checks that a gateway's 403
// RESOURCE_EXHAUSTED is a rate limit to wait out, not a verdict.
func TestResourceExhausted403ThenSuccess(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock,
		reply{403, map[string]string{"Content-Type": "application/json", "Retry-After": "9"}, gateway403Exhausted},
		jsonReply(200, userJSON))
	v := newTestVerifier(t, api, Options{})

	assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusLive, 200, 2, "authenticated"})
	assertWaits(t, clock, 9*time.Second)
}

// TestRateLimitThenInvalid checks that HTTPStatus and the verdict come
// from the last answer.
func TestRateLimitThenInvalid(t *testing.T) {
	clock := newFakeClock()
	api := newFakeAPI(t, clock, jsonReply(429, flat429), jsonReply(401, gateway401))
	v := newTestVerifier(t, api, Options{})

	assertVerdict(t, check(t, v, testkeys.New(t)), want{StatusInvalid, 401, 2, "HTTP 401"})
	assertWaits(t, clock, time.Second)
}

func TestParseRetryAfter(t *testing.T) {
	now := epoch
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"120", 2 * time.Minute, true},
		{" 5 ", 5 * time.Second, true},
		{"+5", 0, false},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"5s", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(90 * time.Second).Format(time.RFC850), 90 * time.Second, true},
		{now.Add(90 * time.Second).Format(time.ANSIC), 90 * time.Second, true},
		{now.Add(-time.Second).Format(http.TimeFormat), 0, false},
		{"Tue, 99 Foo 2025 00:00:00 GMT", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestNextDelayNeverOverflows checks the backoff at the limits: many
// retries and a MaxWait near the largest Duration still give a delay in
// (0, MaxWait].
func TestNextDelayNeverOverflows(t *testing.T) {
	for _, maxWait := range []time.Duration{time.Second, 30 * time.Second, time.Duration(1<<63 - 1)} {
		v := &Verifier{maxWait: maxWait, jitter: func() float64 { return 0.999 }}
		for _, n := range []int{1, 2, 10, 40, 70, 1000} {
			if d := v.nextDelay(0, false, n); d <= 0 || d > maxWait {
				t.Errorf("MaxWait %v, retry %d: delay %v out of (0, MaxWait]", maxWait, n, d)
			}
		}
	}
}

package verify

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// scaledClock is the wall clock sped up: real goroutines, real requests
// and real scheduling delays, with every second lasting 1/scale of one.
// The fake clock cannot stand in here: it has one sleeper advance time
// for all, while this test is about many workers sleeping at once.
type scaledClock struct {
	start time.Time
	scale float64
}

func (c *scaledClock) Now() time.Time {
	return epoch.Add(time.Duration(float64(time.Since(c.start)) * c.scale))
}

func (c *scaledClock) Sleep(ctx context.Context, d time.Duration) error {
	return realClock{}.Sleep(ctx, time.Duration(float64(d)/c.scale))
}

// bucketServer is the API's rate limit as most gateways implement it: a
// token bucket of rate per second and burst tokens, on clock. A request
// that finds it empty gets 429 with the Retry-After it needs.
type bucketServer struct {
	mu           sync.Mutex
	clock        Clock
	rate, burst  float64
	tokens       float64
	last         time.Time
	ok, limited  int
	perKeyFinish map[string]int // 200s and 401s per key
}

func (b *bucketServer) admit() (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		b.ok++
		return true, 0
	}
	b.limited++
	return false, time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

// TestCheckAllSharedRateLimit: 40 keys against an API that admits 2
// requests a second end with every key decided (live or invalid, none
// unknown), within the time bound, whatever the number of workers; and
// the API is not hammered: few requests are refused.
func TestCheckAllSharedRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for about a second per case")
	}
	const nKeys = 40
	for _, jobs := range []int{1, 4, 16} {
		t.Run(fmt.Sprintf("jobs=%d", jobs), func(t *testing.T) {
			keys := make([]string, nKeys)
			live := map[string]bool{}
			for i := range keys {
				keys[i] = testkeys.New(t)
				live[keys[i]] = i%3 == 0
			}
			clock := &scaledClock{start: time.Now(), scale: 20}
			srv := &bucketServer{clock: clock, rate: 2, burst: 2, tokens: 2, last: clock.Now(), perKeyFinish: map[string]int{}}
			api := startFakeAPI(t, nil, func(_ int, w http.ResponseWriter, r *http.Request) {
				ok, wait := srv.admit()
				if !ok {
					secs := int(math.Ceil(wait.Seconds()))
					rateLimited(map[string]string{"Retry-After": fmt.Sprint(secs)}, flat429).write(w)
					return
				}
				k := keyOf(r)
				srv.mu.Lock()
				srv.perKeyFinish[k]++
				srv.mu.Unlock()
				if live[k] {
					jsonReply(200, userJSON).write(w)
				} else {
					jsonReply(401, gateway401).write(w)
				}
			}, httptest.NewServer)
			v := newTestVerifier(t, api, Options{Jobs: jobs, Clock: clock, Timeout: DefaultTimeout})

			start := clock.Now()
			got := checkAll(t, context.Background(), v, keys)
			elapsed := clock.Now().Sub(start)

			for i, k := range keys {
				w := want{StatusInvalid, 401, 0, "HTTP 401"}
				if live[k] {
					w = want{StatusLive, 200, 0, "authenticated"}
				}
				vd := got[k]
				if vd.Status != w.status || vd.HTTPStatus != w.httpStatus || vd.Attempts < 1 {
					t.Errorf("key %d: verdict %+v, want %s", i, vd, w.status)
				}
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			for i, k := range keys {
				if n := srv.perKeyFinish[k]; n != 1 {
					t.Errorf("key %d was answered %d times, want once", i, n)
				}
			}
			// 40 requests at 2 a second take 19s past the burst of 2.
			if elapsed > DefaultTimeout {
				t.Errorf("run took %v of virtual time, more than the %v bound", elapsed, DefaultTimeout)
			}
			total := srv.ok + srv.limited
			if total > runBudget(nKeys, DefaultMaxAttempts) {
				t.Errorf("server saw %d requests, more than the run's budget", total)
			}
			// The first burst of jobs requests can be refused; after it
			// the workers go one at a time, and a handful of refusals
			// finds the pace.
			if srv.limited > jobs+8 {
				t.Errorf("server refused %d requests: the workers did not keep to one pace", srv.limited)
			}
			t.Logf("jobs=%d: %v virtual, %d requests, %d refused", jobs, elapsed.Round(time.Millisecond), total, srv.limited)
		})
	}
}

// TestBudgetBoundsARun: against an API that refuses everything, a run of
// many keys stops at its attempt budget, and every key is still answered
// for (unknown, saying why).
func TestBudgetBoundsARun(t *testing.T) {
	keys := make([]string, 10)
	for i := range keys {
		keys[i] = testkeys.New(t)
	}
	clock := newFakeClock()
	api := newFakeAPI(t, clock, rateLimited(map[string]string{"Retry-After": "0"}, flat429))
	v := newTestVerifier(t, api, Options{Jobs: 1, MaxWait: time.Second, Timeout: time.Hour})

	got := checkAll(t, context.Background(), v, keys)
	if n, max := api.count(), runBudget(len(keys), DefaultMaxAttempts); n != max {
		t.Errorf("server saw %d requests, want the budget, %d", n, max)
	}
	spent := 0
	for _, k := range keys {
		vd := got[k]
		if vd.Status != StatusUnknown {
			t.Errorf("verdict %+v, want unknown", vd)
		}
		if vd.Attempts < DefaultMaxAttempts {
			spent++
			assertVerdict(t, vd, want{StatusUnknown, vd.HTTPStatus, vd.Attempts, errBudget})
		}
	}
	if spent == 0 {
		t.Error("no key says the budget stopped it")
	}
}

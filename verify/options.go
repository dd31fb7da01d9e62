package verify

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/cudoscan/cudoscan/internal/apiurl"
)

// Defaults for the zero values of Options.
const (
	DefaultBaseURL     = "https://rest.compute.cudo.org"
	DefaultUserAgent   = "cudoscan"
	DefaultMaxAttempts = 5
	DefaultMaxWait     = 30 * time.Second
	DefaultTimeout     = 60 * time.Second
	DefaultJobs        = 4
)

// Options configures a Verifier. The zero value of each field selects its
// default.
type Options struct {
	BaseURL     string         // default DefaultBaseURL; https, or http to a loopback host only
	Client      *http.Client   // default: a client with sane timeouts; never follows redirects either way
	Clock       Clock          // default: the wall clock
	UserAgent   string         // default DefaultUserAgent
	MaxAttempts int            // requests per key, default DefaultMaxAttempts
	MaxWait     time.Duration  // cap on every single delay, server-given or backoff; default DefaultMaxWait
	Timeout     time.Duration  // bound on a whole Check or CheckAll run; default DefaultTimeout
	Jobs        int            // CheckAll worker pool size, default DefaultJobs
	Jitter      func() float64 // values in [0,1); default math/rand/v2
}

// Verifier checks keys against the CUDO API. It is safe for concurrent use.
type Verifier struct {
	endpoint    string
	client      *http.Client
	clock       Clock
	userAgent   string
	maxAttempts int
	maxWait     time.Duration
	timeout     time.Duration
	jobs        int
	jitter      func() float64

	// pace is the request schedule shared by every check, so that
	// concurrent checks back off together and resume one at a time
	// instead of each one spending its own attempts against a limit that
	// applies to all.
	pace limiter
}

// New returns a Verifier for opts, or an error if an option is invalid.
func New(opts Options) (*Verifier, error) {
	if opts.MaxAttempts < 0 || opts.MaxWait < 0 || opts.Timeout < 0 || opts.Jobs < 0 {
		return nil, errors.New("verify: MaxAttempts, MaxWait, Timeout and Jobs must not be negative")
	}
	base := opts.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	endpoint, err := endpointFor(base)
	if err != nil {
		return nil, err
	}
	v := &Verifier{
		endpoint:    endpoint,
		client:      noRedirects(opts.Client),
		clock:       opts.Clock,
		userAgent:   opts.UserAgent,
		maxAttempts: opts.MaxAttempts,
		maxWait:     opts.MaxWait,
		timeout:     opts.Timeout,
		jobs:        opts.Jobs,
		jitter:      opts.Jitter,
	}
	if v.clock == nil {
		v.clock = realClock{}
	}
	if v.userAgent == "" {
		v.userAgent = DefaultUserAgent
	}
	if v.maxAttempts == 0 {
		v.maxAttempts = DefaultMaxAttempts
	}
	if v.maxWait == 0 {
		v.maxWait = DefaultMaxWait
	}
	if v.timeout == 0 {
		v.timeout = DefaultTimeout
	}
	if v.jobs == 0 {
		v.jobs = DefaultJobs
	}
	if v.jitter == nil {
		v.jitter = rand.Float64
	}
	return v, nil
}

// endpointFor validates base and returns the /v1/auth URL under it. The key
// travels in a header to this host, so plain http is allowed only where
// nothing leaves the machine (see apiurl.Check).
func endpointFor(base string) (string, error) {
	if err := apiurl.Check(base); err != nil {
		return "", fmt.Errorf("verify: base URL %w", err)
	}
	u, _ := url.Parse(base) // Check has parsed it without error
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/v1/auth"}).String(), nil
}

// noRedirects returns a copy of c (or of a default client) that never
// follows redirects: a redirect would resend the Authorization header to a
// location we did not choose. The caller's client is left untouched.
func noRedirects(c *http.Client) *http.Client {
	var cp http.Client
	if c != nil {
		cp = *c
	} else {
		cp = http.Client{Transport: defaultTransport(), Timeout: 20 * time.Second}
	}
	cp.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	return &cp
}

func defaultTransport() http.RoundTripper {
	// Another package may have replaced http.DefaultTransport; only a
	// *http.Transport can be cloned and tuned.
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 15 * time.Second
	return t
}

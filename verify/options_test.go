package verify

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

func TestNewBaseURL(t *testing.T) {
	tests := []struct {
		base     string
		endpoint string // "" means New must fail
	}{
		{"", "https://rest.compute.cudo.org/v1/auth"},
		{"https://rest.compute.cudo.org", "https://rest.compute.cudo.org/v1/auth"},
		{"https://rest.compute.cudo.org/", "https://rest.compute.cudo.org/v1/auth"},
		{"HTTPS://rest.staging.compute.cudo.org:8443", "https://rest.staging.compute.cudo.org:8443/v1/auth"},
		{"https://203.0.113.7", "https://203.0.113.7/v1/auth"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/auth"},
		{"http://127.1.2.3", "http://127.1.2.3/v1/auth"},
		{"http://[::1]:9000/", "http://[::1]:9000/v1/auth"},
		{"http://localhost:1234", "http://localhost:1234/v1/auth"},
		{"http://LocalHost", "http://LocalHost/v1/auth"},

		{"http://example.com", ""},
		{"http://rest.compute.cudo.org", ""},
		{"http://10.0.0.1", ""},
		{"http://192.168.1.1:8080", ""},
		{"http://[::2]", ""},
		{"http://localhost.example.com", ""},
		{"http://127.0.0.1.nip.io", ""},
		{"ftp://127.0.0.1", ""},
		{"rest.compute.cudo.org", ""},
		{"//rest.compute.cudo.org", ""},
		{"https://", ""},
		{"https://rest.compute.cudo.org/v1", ""},
		{"https://rest.compute.cudo.org/v1/auth", ""},
		{"https://rest.compute.cudo.org?x=1", ""},
		{"https://rest.compute.cudo.org/?", ""},
		{"https://rest.compute.cudo.org#frag", ""},
		{"https://user@rest.compute.cudo.org", ""},
		{"https://user:pass@rest.compute.cudo.org", ""},
		{"https://rest.compute.cudo.org:port", ""},
		{"mailto:dev@example.com", ""},
	}
	for _, tt := range tests {
		v, err := New(Options{BaseURL: tt.base})
		switch {
		case tt.endpoint == "" && err == nil:
			t.Errorf("New(%q) succeeded with endpoint %q, want an error", tt.base, v.endpoint)
		case tt.endpoint != "" && err != nil:
			t.Errorf("New(%q): %v", tt.base, err)
		case err == nil && v.endpoint != tt.endpoint:
			t.Errorf("New(%q) endpoint = %q, want %q", tt.base, v.endpoint, tt.endpoint)
		case err != nil && !strings.HasPrefix(err.Error(), "verify: "):
			t.Errorf("New(%q) error %q lacks the package prefix", tt.base, err)
		}
	}
}

// TestNewErrorHidesUserInfo checks that a rejected base URL is not echoed:
// its user info could be a credential.
func TestNewErrorHidesUserInfo(t *testing.T) {
	secret := testkeys.New(t)
	for _, base := range []string{
		"https://user:" + secret + "@rest.compute.cudo.org",
		"https://user:" + secret + "@rest.compute.cudo.org/%zz",
		"https://user:" + secret + "@host:port",
	} {
		_, err := New(Options{BaseURL: base})
		if err == nil {
			t.Fatalf("New accepted a base URL with user info")
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q repeats the user info", err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	v, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []any{v.endpoint, v.userAgent, v.maxAttempts, v.maxWait, v.timeout, v.jobs, v.clock}
	wantDefaults := []any{"https://rest.compute.cudo.org/v1/auth", "cudoscan", 5, 30 * time.Second, 60 * time.Second, 4, Clock(realClock{})}
	if !reflect.DeepEqual(got, wantDefaults) {
		t.Errorf("defaults = %v, want %v", got, wantDefaults)
	}
	if v.client == nil || v.client.Timeout == 0 || v.client.CheckRedirect == nil {
		t.Errorf("default client = %+v, want a timeout and a redirect policy", v.client)
	}
	if reflect.ValueOf(v.jitter).Pointer() != reflect.ValueOf(rand.Float64).Pointer() {
		t.Error("default jitter is not math/rand/v2.Float64")
	}
}

func TestNewRejectsNegative(t *testing.T) {
	for _, opts := range []Options{
		{MaxAttempts: -1}, {MaxWait: -time.Second}, {Timeout: -time.Second}, {Jobs: -1},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", opts)
		}
	}
}

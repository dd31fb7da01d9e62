package apiurl

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		raw  string
		want error // nil: accepted
	}{
		{"https://rest.compute.cudo.org", nil},
		{"https://rest.compute.cudo.org/", nil},
		{"HTTPS://rest.staging.compute.cudo.org:8443", nil},
		{"https://203.0.113.7", nil},
		{"http://127.0.0.1", nil},
		{"http://127.0.0.1:8080/", nil},
		{"http://127.1.2.3", nil},
		{"http://[::1]", nil},
		{"http://[::1]:9000", nil},
		{"http://localhost:1234", nil},
		{"http://LocalHost", nil},

		{"http://example.com", errNotHTTPS},
		{"http://rest.compute.cudo.org", errNotHTTPS},
		{"http://10.0.0.1", errNotHTTPS},
		{"http://[::2]", errNotHTTPS},
		{"http://localhost.example.com", errNotHTTPS},
		{"http://127.0.0.1.nip.io", errNotHTTPS},
		{"ftp://127.0.0.1", errNotHTTPS},
		{"ftp://rest.compute.cudo.org", errNotHTTPS},
		{"//rest.compute.cudo.org", errNotHTTPS},

		{"", errNotAbsolute},
		{"not a url", errNotAbsolute},
		{"rest.compute.cudo.org", errNotAbsolute},
		{"https://", errNotAbsolute},
		{"https://rest.compute.cudo.org:port", errNotAbsolute},
		{"https://rest.compute.cudo.org/%zz", errNotAbsolute},
		{"mailto:dev@example.com", errNotAbsolute},
		{"\x7f", errNotAbsolute},

		{"https://user@rest.compute.cudo.org", errUserInfo},
		{"https://user:pass@rest.compute.cudo.org", errUserInfo},

		{"https://rest.compute.cudo.org/v1", errNotBare},
		{"https://rest.compute.cudo.org/v1/auth", errNotBare},
		{"https://rest.compute.cudo.org?x=1", errNotBare},
		{"https://rest.compute.cudo.org/?", errNotBare},
		{"https://rest.compute.cudo.org#frag", errNotBare},
	}
	for _, tt := range tests {
		if got := Check(tt.raw); got != tt.want {
			t.Errorf("Check(%q) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}

// TestCheckNeverEchoes checks that no part of a refused URL, which may
// hold a credential, is in the error.
func TestCheckNeverEchoes(t *testing.T) {
	const secret = "s3cretvalue"
	for _, raw := range []string{
		"https://user:" + secret + "@rest.compute.cudo.org",
		"https://user:" + secret + "@rest.compute.cudo.org/%zz",
		"https://rest.compute.cudo.org:" + secret,
		"https://rest.compute.cudo.org/" + secret,
		"http://" + secret + ".example.com",
		secret + "://rest.compute.cudo.org",
	} {
		err := Check(raw)
		if err == nil {
			t.Fatalf("Check(%q) accepted it", raw)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("Check(%q) = %q, which repeats the URL", raw, err)
		}
	}
}

package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// TestVerifyEnvSendsOnlyTheKey is the bug of issue 17: cudoscan verify <
// .env sent the whole CUDO_API_KEY=... line, was told 401, and called a
// live key invalid. Now the key alone is sent, and nothing else of the
// file, not even the other secrets in it.
func TestVerifyEnvSendsOnlyTheKey(t *testing.T) {
	api := newAccountAPI(t)
	key := testkeys.New(t)
	api.addKey("ci", key, "2024-05-01T10:00:00Z")
	other := testkeys.New(t)
	env := strings.Join([]string{
		"# deploy settings",
		"CUDO_API_KEY=" + key,
		"export CUDO_API_KEY=\"" + key + "\"",
		"DATABASE_PASSWORD=hunter2-hunter2",
		"AWS_SECRET_ACCESS_KEY=" + testkeys.S3SecretKey(t),
		"BUILD_SHA256=" + other,
		"",
	}, "\n")

	code, stdout, stderr := runStdin(t, env, "verify", "--api-url", api.srv.URL)
	if code != exitLive {
		t.Fatalf("exit %d, want %d (live)\nstdout: %s\nstderr: %s", code, exitLive, stdout, stderr)
	}
	if !strings.Contains(stdout, "verified LIVE") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("stdout = %q, want one live verdict", stdout)
	}
	if got := api.sent(); len(got) != 1 || got[0] != "Bearer "+key {
		t.Errorf("sent %d requests %q, want exactly one, with the key alone", len(got), redactAll(got))
	}
	if got := api.requests(); len(got) != 1 || got[0] != "GET /v1/auth" {
		t.Errorf("requests = %q, want GET /v1/auth", got)
	}
	assertNoSecret(t, key, stdout, stderr)
}

func redactAll(hs []string) []string {
	var out []string
	for _, h := range hs {
		out = append(out, fmt.Sprintf("%.12s... (%d bytes)", h, len(h)))
	}
	return out
}

// TestVerifyInputs: what verify takes as a candidate key, and what it
// never sends.
func TestVerifyInputs(t *testing.T) {
	key := testkeys.New(t)
	tests := []struct {
		name  string
		input func(key string) string
		sent  bool // whether the key is sent
	}{
		{"bare key", func(k string) string { return k + "\n" }, true},
		{"bare key, CRLF and spaces", func(k string) string { return "  " + k + " \r\n" }, true},
		{"cudo.yml", func(k string) string {
			return "configVersion: v0\nkeys:\n    - key: " + k + "\n      name: ci\n"
		}, true},
		{"JSON report", func(k string) string {
			return `{"findings":[{"rule":"cudo-api-key","path":".env","secret":"` + k + `"}],"stats":{}}`
		}, true},
		{"JSON report, another rule's secret", func(k string) string {
			return `{"findings":[{"rule":"cudo-object-storage-key","message":"CUDO object storage","secret":"` + k + `"}],"stats":{}}`
		}, false},
		{"a hex value with no CUDO context", func(k string) string { return "checksum: " + k + "\n" }, false},
		{"uppercase hex", func(k string) string { return strings.ToUpper(k) + "\n" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newAccountAPI(t)
			api.addKey("ci", key, "2024-05-01T10:00:00Z")
			code, stdout, stderr := runStdin(t, tt.input(key), "verify", "--api-url", api.srv.URL)
			sent := api.sent()
			if tt.sent {
				if code != exitLive || len(sent) != 1 || sent[0] != "Bearer "+key {
					t.Errorf("exit %d, sent %q; want exit 3 and the key alone\nstderr: %s", code, redactAll(sent), stderr)
				}
			} else {
				if code != exitError || len(sent) != 0 {
					t.Errorf("exit %d, sent %q; want exit 2 and nothing sent", code, redactAll(sent))
				}
				if !strings.Contains(stderr, "nothing was sent") {
					t.Errorf("stderr = %q, want it to say nothing was sent", stderr)
				}
			}
			assertNoSecret(t, key, stdout, stderr)
		})
	}
}

// TestVerifyLongLine: a line over 1 MiB is skipped with a message, and the
// keys after it are still verified.
func TestVerifyLongLine(t *testing.T) {
	api := newAccountAPI(t)
	key := testkeys.New(t)
	api.addKey("ci", key, "2024-05-01T10:00:00Z")
	input := "CUDO_NOTE=" + strings.Repeat("x", 2<<20) + "\nCUDO_API_KEY=" + key + "\n"

	code, stdout, stderr := runStdin(t, input, "verify", "--api-url", api.srv.URL)
	if code != exitLive {
		t.Fatalf("exit %d, want 3\nstderr: %s", code, stderr)
	}
	if !strings.Contains(stderr, "stdin line 1 is longer than 1 MiB: skipped") {
		t.Errorf("stderr = %q, want the skipped line named", stderr)
	}
	if got := api.sent(); len(got) != 1 || got[0] != "Bearer "+key {
		t.Errorf("sent %q, want the key alone", redactAll(got))
	}
	assertNoSecret(t, key, stdout, stderr)
}

// TestVerifyProxyPagesAreNotProof: a 401 or 403 page of a proxy, and a 200
// without the user record, end as unknown (exit 2): never invalid, and
// never exit 0 for a key that may be live.
func TestVerifyProxyPagesAreNotProof(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		ctype  string
		body   string
		detail string
	}{
		{"HTML 401", 401, "text/html", "<html><body>Access denied</body></html>", "HTML body (HTTP 401)"},
		{"HTML 403", 403, "text/html", "<html><body>Blocked by WAF</body></html>", "HTML body (HTTP 403)"},
		{"JSON 401 of a proxy", 401, "application/json", `{"message":"Unauthorized"}`, "without the API's UNAUTHENTICATED error"},
		{"empty object 200", 200, "application/json", `{}`, "not a user record"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			api := newAccountAPI(t)
			key := testkeys.New(t)
			api.addKey("ci", key, "2024-05-01T10:00:00Z")
			api.authReply = func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}
			code, stdout, stderr := runStdin(t, key+"\n", "verify", "--api-url", api.srv.URL)
			if code != exitError || !strings.Contains(stdout, "verification unknown") || !strings.Contains(stdout, tt.detail) {
				t.Errorf("exit %d, stdout %q; want exit 2, unknown, %q", code, stdout, tt.detail)
			}
			assertNoSecret(t, key, stdout, stderr)
		})
	}
}

// TestVerifyPossiblyLive: the API's own 403 PERMISSION_DENIED is possibly
// live, and exit 3.
func TestVerifyPossiblyLive(t *testing.T) {
	api := newAccountAPI(t)
	key := testkeys.New(t)
	api.authReply = func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"code":7,"message":"permission denied","details":[]}`)
	}
	code, stdout, stderr := runStdin(t, key+"\n", "verify", "--api-url", api.srv.URL)
	if code != exitLive || !strings.Contains(stdout, "possibly LIVE (the API refused this key for /v1/auth): revoke it to be safe") {
		t.Errorf("exit %d, stdout %q; want exit 3, possibly live", code, stdout)
	}
	if strings.Count(stderr, "delete API keys you did not create") != 1 {
		t.Errorf("stderr = %q, want the rotation advice once", stderr)
	}
	assertNoSecret(t, key, stdout, stderr)
}

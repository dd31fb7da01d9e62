package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// fakeTerminal is the terminal revoke asks on: it answers typed and keeps
// what was written to it.
type fakeTerminal struct {
	in  io.Reader
	out bytes.Buffer
}

func (f *fakeTerminal) Read(p []byte) (int, error)  { return f.in.Read(p) }
func (f *fakeTerminal) Write(p []byte) (int, error) { return f.out.Write(p) }
func (f *fakeTerminal) Close() error                { return nil }

// withTerminal makes revoke's terminal answer typed, or, for a nil
// typed, be missing (as in CI).
func withTerminal(t *testing.T, typed *string) *fakeTerminal {
	t.Helper()
	old := openTerminal
	t.Cleanup(func() { openTerminal = old })
	term := &fakeTerminal{}
	openTerminal = func() (io.ReadWriteCloser, error) {
		if typed == nil {
			return nil, errors.New("no terminal")
		}
		term.in = strings.NewReader(*typed)
		return term, nil
	}
	return term
}

func ptr(s string) *string { return &s }

// revokeAccount is an account with the leaked key "ci" and two others.
func revokeAccount(t *testing.T) (*accountAPI, string) {
	t.Helper()
	api := newAccountAPI(t)
	key := testkeys.New(t)
	api.addKey("ci", key, "2024-05-01T10:00:00Z")
	api.addKey("laptop", testkeys.New(t), "2023-01-10T08:00:00Z")
	api.addKey("new-key", testkeys.New(t), "2025-06-01T12:00:00Z")
	return api, key
}

func TestRevoke(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		typed      *string // nil: no terminal
		selfDelete bool
		code       int
		deleted    bool
		stdout     []string
		stderr     []string
		requests   []string
	}{
		{name: "confirmed with --name --yes", args: []string{"--name", "ci", "--yes"}, selfDelete: true,
			code: exitClean, deleted: true,
			stdout:   []string{`Deleted the API key "ci".`, "verified invalid", "Revoked: CUDO now rejects the key."},
			stderr:   []string{"delete API keys you did not create"},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys", "DELETE /v1/api-keys/ci", "GET /v1/auth"}},
		{name: "confirmed at the terminal", typed: ptr("ci\n"), selfDelete: true,
			code: exitClean, deleted: true,
			stdout:   []string{"Revoked: CUDO now rejects the key."},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys", "DELETE /v1/api-keys/ci", "GET /v1/auth"}},
		{name: "--name confirmed at the terminal", args: []string{"--name", "ci"}, typed: ptr("ci\n"), selfDelete: true,
			code: exitClean, deleted: true,
			requests: []string{"GET /v1/auth", "GET /v1/api-keys", "DELETE /v1/api-keys/ci", "GET /v1/auth"}},
		{name: "refused at the terminal", typed: ptr("\n"), selfDelete: true,
			code: exitLive, stdout: []string{"Cancelled: nothing was deleted."},
			stderr:   []string{"https://compute.cudo.org/profile/api-keys"},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys"}},
		{name: "another name typed than --name", args: []string{"--name", "ci"}, typed: ptr("laptop\n"), selfDelete: true,
			code: exitLive, stdout: []string{`Cancelled: "laptop" is not "ci"`},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys"}},
		{name: "no terminal: a dry run", selfDelete: true,
			code: exitLive, stdout: []string{"Dry run: nothing was deleted."},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys"}},
		{name: "--name without --yes and no terminal: a dry run", args: []string{"--name", "ci"}, selfDelete: true,
			code: exitLive, stdout: []string{"Dry run"},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys"}},
		{name: "self-delete refused", args: []string{"--name", "ci", "--yes"}, selfDelete: false,
			code: exitLive,
			stderr: []string{"the API refused the deletion (HTTP 403 PERMISSION_DENIED)",
				"a key may not be allowed to delete itself", "https://compute.cudo.org/profile/api-keys"},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys", "DELETE /v1/api-keys/ci"}},
		{name: "not found", args: []string{"--name", "nope", "--yes"}, selfDelete: true,
			code: exitError, stderr: []string{`the account has no API key named "nope": nothing was deleted`},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys"}},
		{name: "typed name not found", typed: ptr("nope\n"), selfDelete: true,
			code: exitLive, stdout: []string{`the account has no API key named "nope"; nothing was deleted`},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys"}},
		{name: "another key deleted, this one still works", args: []string{"--name", "laptop", "--yes"}, selfDelete: true,
			code: exitLive, stderr: []string{`"laptop" was not this key`},
			requests: []string{"GET /v1/auth", "GET /v1/api-keys", "DELETE /v1/api-keys/laptop", "GET /v1/auth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, key := revokeAccount(t)
			api.selfDelete = tt.selfDelete
			withTerminal(t, tt.typed)
			args := append([]string{"revoke", "--api-url", api.srv.URL}, tt.args...)
			code, stdout, stderr := runStdin(t, "CUDO_API_KEY="+key+"\n", args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if api.has("ci") == tt.deleted {
				t.Errorf("key ci deleted: %v, want %v", !api.has("ci"), tt.deleted)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if got := api.requests(); !slices.Equal(got, tt.requests) {
				t.Errorf("requests = %q, want %q", got, tt.requests)
			}
			for _, h := range api.sent() {
				if h != "Bearer "+key {
					t.Error("a request carried something other than the key")
				}
			}
			// The list is shown: names and dates, not secrets.
			if !strings.Contains(stdout, "laptop") || !strings.Contains(stdout, "created 2023-01-10T08:00:00Z") {
				t.Errorf("stdout does not list the account's keys:\n%s", stdout)
			}
			assertNoSecret(t, key, stdout, stderr)
		})
	}
}

// TestRevokeLikelyName: revoke points at the name beside the key in a
// cudo.yml, or at the only key created before the commit that leaked it.
func TestRevokeLikelyName(t *testing.T) {
	withTerminal(t, nil)
	api, key := revokeAccount(t)
	yml := "configVersion: v0\nkeys:\n    - key: " + key + "\n      name: ci\n"
	code, stdout, _ := runStdin(t, yml, "revoke", "--api-url", api.srv.URL)
	if code != exitLive || !strings.Contains(stdout, `Likely the leaked key: "ci", the name beside it in the input.`) {
		t.Errorf("cudo.yml: exit %d, stdout:\n%s", code, stdout)
	}

	// A history report: the key was committed in 2023-06, when only
	// "laptop" existed.
	history := `{"mode":"history","findings":[{"rule":"cudo-api-key","secret":"` + key +
		`","commit":{"hash":"abc","author":"a","date":"2023-06-01T00:00:00Z"}}]}`
	code, stdout, _ = runStdin(t, history, "revoke", "--api-url", api.srv.URL)
	if code != exitLive || !strings.Contains(stdout, `Likely the leaked key: "laptop", the only key created before the commit that introduced it`) ||
		!strings.Contains(stdout, "created after the key was committed: not this one") {
		t.Errorf("history report: exit %d, stdout:\n%s", code, stdout)
	}
	if slices.Contains(api.requests(), "DELETE /v1/api-keys/laptop") {
		t.Error("a dry run deleted a key")
	}
}

// TestRevokeRefusesEarly: nothing is sent without one key on stdin, or
// with --yes and no --name; a key on the command line is refused; an
// invalid key needs no revoking.
func TestRevokeRefusesEarly(t *testing.T) {
	withTerminal(t, nil)
	api, key := revokeAccount(t)
	for _, tt := range []struct {
		name, stdin string
		args        []string
		stderr      string
	}{
		{"--yes without --name", key + "\n", []string{"--yes"}, "--yes needs --name NAME"},
		{"key on the command line", "", []string{key}, "reads the key from stdin, not arguments"},
		{"two keys", key + "\n" + testkeys.New(t) + "\n", nil, "2 keys on stdin: revoke takes one at a time"},
		{"no key", "hello\n", nil, "no CUDO API key on stdin"},
		{"a name that is a path", key + "\n", []string{"--name", "../auth", "--yes"}, "is not an API key name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"revoke", "--api-url", api.srv.URL}, tt.args...)
			code, stdout, stderr := runStdin(t, tt.stdin, args...)
			if code != exitError || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.stderr)
			}
			assertNoSecret(t, key, stdout, stderr)
		})
	}
	if got := api.requests(); len(got) != 0 {
		t.Errorf("requests = %q, want none", got)
	}

	dead := testkeys.New(t)
	code, stdout, _ := runStdin(t, dead+"\n", "revoke", "--api-url", api.srv.URL, "--name", "ci", "--yes")
	if code != exitClean || !strings.Contains(stdout, "Nothing to revoke: CUDO already rejects this key.") {
		t.Errorf("invalid key: exit %d, stdout %q", code, stdout)
	}
	if got := api.requests(); !slices.Equal(got, []string{"GET /v1/auth"}) || !api.has("ci") {
		t.Errorf("invalid key: requests = %q, want GET /v1/auth alone", got)
	}
}

// TestRevokeListsEveryPage: an account with more keys than the API puts on
// a page is listed in full, whether its pages count from 0 or from 1, and
// a key on the last page can be named and deleted.
func TestRevokeListsEveryPage(t *testing.T) {
	withTerminal(t, nil)
	for _, first := range []int{0, 1} {
		t.Run(fmt.Sprintf("pages from %d", first), func(t *testing.T) {
			api := newAccountAPI(t)
			api.maxPage, api.firstPage = 3, first
			for i := range 7 {
				api.addKey(fmt.Sprintf("key-%d", i), testkeys.New(t), "2024-01-01T00:00:00Z")
			}
			key := testkeys.New(t)
			api.addKey("zz-leaked", key, "2024-05-01T10:00:00Z") // sorts last: page 3 of 3

			code, stdout, stderr := runStdin(t, key+"\n", "revoke", "--api-url", api.srv.URL)
			if code != exitLive || !strings.Contains(stdout, "The account has 8 API keys") || strings.Contains(stdout, "more, not listed") {
				t.Errorf("dry run: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			for i := range 7 {
				if !strings.Contains(stdout, fmt.Sprintf("key-%d ", i)) {
					t.Errorf("key-%d not listed:\n%s", i, stdout)
				}
			}
			if n := strings.Count(strings.Join(api.requests(), "\n"), "GET /v1/api-keys"); n != 3 {
				t.Errorf("%d list requests, want 3 (one per page)", n)
			}

			code, stdout, stderr = runStdin(t, key+"\n", "revoke", "--api-url", api.srv.URL, "--name", "zz-leaked", "--yes")
			if code != exitClean || api.has("zz-leaked") {
				t.Errorf("--name on the last page: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
		})
	}
}

package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// accountAPI is a CUDO account on 127.0.0.1 for the verify and revoke
// tests: its API keys, by name, with their values; GET /v1/auth,
// GET /v1/api-keys and DELETE /v1/api-keys/{name}, answered as the
// OpenAPI spec says. It records every request, so that a test can prove
// what was sent, and what was not.
type accountAPI struct {
	srv *httptest.Server

	mu      sync.Mutex
	keys    map[string]string // name -> value
	created map[string]string // name -> createTime
	auth    []string          // every Authorization header, in order
	reqs    []string          // "METHOD path"

	// selfDelete says whether a key may delete itself.
	selfDelete bool
	// authReply, when set, answers GET /v1/auth instead (a proxy page).
	authReply func(w http.ResponseWriter)
	// maxPage caps the page size GET /v1/api-keys gives, whatever is
	// asked (0: no cap); firstPage is the number of its first page.
	maxPage, firstPage int
}

func newAccountAPI(t *testing.T) *accountAPI {
	t.Helper()
	a := &accountAPI{keys: map[string]string{}, created: map[string]string{}, selfDelete: true}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *accountAPI) addKey(name, value, created string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys[name], a.created[name] = value, created
}

func (a *accountAPI) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	auth := r.Header.Get("Authorization")
	a.auth = append(a.auth, auth)
	a.reqs = append(a.reqs, r.Method+" "+r.URL.Path)
	w.Header().Set("Content-Type", "application/json")
	owner := ""
	for name, v := range a.keys {
		if auth == "Bearer "+v {
			owner = name
		}
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/auth" && a.authReply != nil:
		a.authReply(w)
	case owner == "":
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"code":16,"message":"invalid api key","details":[]}`)
	case r.Method == http.MethodGet && r.URL.Path == "/v1/auth":
		io.WriteString(w, `{"emailAddress":"owner@example.com","firstName":"Owner","lastName":"Person"}`)
	case r.Method == http.MethodGet && r.URL.Path == "/v1/api-keys":
		io.WriteString(w, a.keyPage(r.URL.Query()))
	case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/v1/api-keys/"):
		name := strings.TrimPrefix(r.URL.Path, "/v1/api-keys/")
		switch _, ok := a.keys[name]; {
		case !ok:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"code":5,"message":"api key not found","details":[]}`)
		case name == owner && !a.selfDelete:
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"code":7,"message":"cannot delete the key in use","details":[]}`)
		default:
			delete(a.keys, name)
			io.WriteString(w, `{}`)
		}
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"code":5,"message":"not found"}`)
	}
}

// keyPage answers GET /v1/api-keys with the page q asks for, names in
// order, numbered from a.firstPage; a.mu is held.
func (a *accountAPI) keyPage(q url.Values) string {
	names := slices.Sorted(maps.Keys(a.keys))
	size, _ := strconv.Atoi(q.Get("pageSize"))
	if size <= 0 || a.maxPage > 0 && size > a.maxPage {
		size = cmp.Or(a.maxPage, 100)
	}
	page := a.firstPage
	if n, err := strconv.Atoi(q.Get("pageNumber")); err == nil {
		page = n
	}
	from := min(max(page-a.firstPage, 0)*size, len(names))
	var b strings.Builder
	b.WriteString(`{"apiKeys":[`)
	for i, name := range names[from:min(from+size, len(names))] {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%q,"createTime":%q}`, name, a.created[name])
	}
	fmt.Fprintf(&b, `],"totalCount":%d,"pageNumber":%d,"pageSize":%d}`, len(names), page, size)
	return b.String()
}

// sent returns every Authorization header the API received.
func (a *accountAPI) sent() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.auth...)
}

func (a *accountAPI) requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.reqs...)
}

func (a *accountAPI) has(name string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.keys[name]
	return ok
}

// runStdin runs cudoscan with stdin and returns the exit code and output.
func runStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// assertNoSecret fails if any output shows key, or the user record.
func assertNoSecret(t *testing.T, key string, outs ...string) {
	t.Helper()
	for _, o := range outs {
		if strings.Contains(o, key) || strings.Contains(o, "owner@example.com") || strings.Contains(o, "Person") {
			t.Errorf("output shows the key or the user record:\n%s", o)
		}
	}
}

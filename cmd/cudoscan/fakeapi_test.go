package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/rogpeppe/go-internal/testscript"
)

// fakeAPI is a CUDO API for the scripts, on 127.0.0.1: GET /v1/auth
// answers 200 and the user record for $KEY (live), 403
// PERMISSION_DENIED for $KEY2 (possibly live) and 401 for anything else. It counts every connection, so
// a script can prove that no connection was made.
type fakeAPI struct {
	srv         *httptest.Server
	conns, hits atomic.Int64
}

const fakeAPIKey = "fakeapi"

func startFakeAPI(e *testscript.Env) {
	api := &fakeAPI{}
	live, restricted := e.Getenv("KEY"), e.Getenv("KEY2")
	api.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch auth := r.Header.Get("Authorization"); {
		case r.Method != http.MethodGet || r.URL.Path != "/v1/auth":
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"code":5,"message":"not found"}`)
		case auth == "Bearer "+live:
			fmt.Fprint(w, `{"emailAddress":"owner@example.com","firstName":"Owner"}`)
		case auth == "Bearer "+restricted:
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"code":7,"message":"permission denied","details":[]}`)
		default:
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"code":16,"message":"invalid api key","details":[]}`)
		}
	}))
	api.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			api.conns.Add(1)
		}
	}
	api.srv.Start()
	e.Defer(api.srv.Close)
	e.Values[fakeAPIKey] = api
	e.Setenv("API_URL", api.srv.URL)
}

// cmdAPIHits checks how many connections and requests the fake API saw:
// apihits CONNS REQUESTS.
func cmdAPIHits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: apihits CONNS REQUESTS")
	}
	api := ts.Value(fakeAPIKey).(*fakeAPI)
	if got := strconv.FormatInt(api.conns.Load(), 10); got != args[0] {
		ts.Fatalf("fake API saw %s connections, want %s", got, args[0])
	}
	if got := strconv.FormatInt(api.hits.Load(), 10); got != args[1] {
		ts.Fatalf("fake API saw %s requests, want %s", got, args[1])
	}
}

// cmdExitCode runs a program and checks its exact exit code; its output is
// kept for stdout/stderr checks: exitcode N PROG ARGS...
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROG ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			ts.Fatalf("%s: %v", strings.Join(args[1:], " "), err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

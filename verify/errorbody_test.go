package verify

import (
	"testing"
	"time"
)

func TestParseErrorBody(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		object bool
		status string
		delay  time.Duration // with hasRetryDelay when > 0
	}{
		{"empty", "", false, "", 0},
		{"HTML", htmlPage, false, "", 0},
		{"JSON array", `[{"code":7}]`, false, "", 0},
		{"JSON null", `null`, false, "", 0},
		{"flat", flat401, true, "UNAUTHENTICATED", 0},
		{"gateway", gateway401, true, "UNAUTHENTICATED", 0},
		{"wrapped", wrapped401, true, "UNAUTHENTICATED", 0},
		{"gateway code 7", gateway403Denied, true, "PERMISSION_DENIED", 0},
		{"gateway code 8", gateway403Exhausted, true, "RESOURCE_EXHAUSTED", 0},
		{"gateway code 0", `{"code":0}`, true, "OK", 0},
		{"HTTP code only", `{"code":403,"message":"forbidden"}`, true, "", 0},
		{"code out of both ranges", `{"code":42}`, true, "", 0},
		{"negative code", `{"code":-1}`, true, "", 0},
		{"fractional code", `{"code":7.5}`, true, "", 0},
		{"code as status name", `{"code":"PERMISSION_DENIED"}`, true, "PERMISSION_DENIED", 0},
		{"status and matching code", `{"code":7,"status":"PERMISSION_DENIED"}`, true, "PERMISSION_DENIED", 0},
		{"status and HTTP code", `{"code":403,"status":"PERMISSION_DENIED"}`, true, "PERMISSION_DENIED", 0},
		{"status contradicts code", `{"code":8,"status":"PERMISSION_DENIED"}`, true, "", 0},
		{"unknown status", `{"status":"NOPE"}`, true, "", 0},
		{"status not a string", `{"status":7}`, true, "", 0},
		{"string error", `{"error":"rate limited"}`, true, "", 0},
		{"wrapped gateway", `{"error":{"code":8,"details":[]}}`, true, "RESOURCE_EXHAUSTED", 0},
		{"details not a list", `{"code":7,"details":"none"}`, true, "PERMISSION_DENIED", 0},
		{"RetryInfo", retryInfoBody(`"30s"`), true, "RESOURCE_EXHAUSTED", 30 * time.Second},
		{"RetryInfo bare type", `{"code":8,"details":[{"@type":"google.rpc.RetryInfo","retryDelay":"2s"}]}`,
			true, "RESOURCE_EXHAUSTED", 2 * time.Second},
		{"RetryInfo numeric seconds", `{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":{"seconds":3}}]}`,
			true, "", 3 * time.Second},
		{"first usable RetryInfo", `{"details":[` +
			`{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"x"},` +
			`{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"4s"}]}`,
			true, "", 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseErrorBody([]byte(tt.body))
			if got.object != tt.object || got.status != tt.status ||
				got.hasRetryDelay != (tt.delay > 0) || got.retryDelay != tt.delay {
				t.Errorf("parseErrorBody = %+v, want object %v, status %q, delay %v", got, tt.object, tt.status, tt.delay)
			}
		})
	}
}

// FuzzParseErrorBody checks that any body parses without panicking and
// that only canonical status names and non-negative delays come out.
func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{
		"", htmlPage, flat401, gateway401, wrapped401, flat403Denied, retryInfoBody(`"1.5s"`),
		`{"error":{"details":[{"@type":"google.rpc.RetryInfo","retryDelay":{"seconds":"9e99","nanos":-5}}]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got := parseErrorBody(body)
		if got.status != "" && knownStatus(got.status) != got.status {
			t.Errorf("status %q is not a canonical name", got.status)
		}
		if got.retryDelay < 0 {
			t.Errorf("negative retry delay %v", got.retryDelay)
		}
	})
}

package verify

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// grpcStatusNames maps gRPC codes 0..16 to their canonical names, the values
// AIP-193 puts in an error's "status" field.
var grpcStatusNames = [...]string{
	"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
	"NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
	"FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
	"INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
}

const (
	statusUnauthenticated   = "UNAUTHENTICATED"
	statusPermissionDenied  = "PERMISSION_DENIED"
	statusResourceExhausted = "RESOURCE_EXHAUSTED"
)

// errorInfo is what an error body says, whatever its form.
type errorInfo struct {
	object bool // the body is a JSON object

	// status is a canonical gRPC status name, taken from the "status" field
	// or derived from a gRPC code. It is empty when the body names none,
	// or when the name and the code disagree: a contradictory body is not
	// evidence of anything. Only names from grpcStatusNames are kept, so
	// status is safe to show (it cannot carry text from the server).
	status string

	retryDelay    time.Duration // from a google.rpc.RetryInfo detail
	hasRetryDelay bool
}

// rpcStatus is the AIP-193 error object. Code is raw because gateways
// disagree on its meaning (HTTP status or gRPC code) and, rarely, its type.
type rpcStatus struct {
	Code    json.RawMessage   `json:"code"`
	Status  string            `json:"status"`
	Details []json.RawMessage `json:"details"`
}

// parseErrorBody reads any of the error body forms seen from CUDO and the
// gateways in front of it: flat {"code":401,"status":...}, gRPC-gateway
// {"code":16,...}, wrapped {"error":{...}}, empty or non-JSON. It never
// fails: what it cannot read it leaves zero.
func parseErrorBody(body []byte) errorInfo {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil || top == nil {
		return errorInfo{}
	}
	info := errorInfo{object: true}
	// The wrapped form nests the error object; a string "error" (some
	// proxies) is not that form, so the top level is read instead.
	obj := body
	if raw, ok := top["error"]; ok && bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		obj = raw
	}
	var st rpcStatus
	if !decodeLoose(obj, &st) {
		return info
	}
	info.status = canonicalStatus(st)
	info.retryDelay, info.hasRetryDelay = retryInfoDelay(st.Details)
	return info
}

// decodeLoose decodes the fields of st one by one, so that one field of an
// unexpected type (a string "details", say) does not hide the others.
func decodeLoose(body []byte, st *rpcStatus) bool {
	var fields struct {
		Code    json.RawMessage `json:"code"`
		Status  json.RawMessage `json:"status"`
		Details json.RawMessage `json:"details"`
	}
	if json.Unmarshal(body, &fields) != nil {
		return false
	}
	st.Code = fields.Code
	_ = json.Unmarshal(fields.Status, &st.Status)
	_ = json.Unmarshal(fields.Details, &st.Details)
	return true
}

// canonicalStatus merges the "status" field and the "code" field into one
// canonical name, or "" when neither names one or they contradict.
func canonicalStatus(st rpcStatus) string {
	named := knownStatus(st.Status)
	fromCode := ""
	var n float64
	var s string
	switch {
	case json.Unmarshal(st.Code, &n) == nil:
		// gRPC codes are 0..16 and HTTP statuses 100..599, so the value
		// says which one this is. An HTTP status names no gRPC status:
		// a 403 may be PERMISSION_DENIED or a WAF's own JSON.
		if n >= 0 && n < float64(len(grpcStatusNames)) && n == math.Trunc(n) {
			fromCode = grpcStatusNames[int(n)]
		}
	case json.Unmarshal(st.Code, &s) == nil:
		fromCode = knownStatus(s)
	}
	switch {
	case named == "":
		return fromCode
	case fromCode == "" || fromCode == named:
		return named
	default:
		return ""
	}
}

func knownStatus(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, name := range grpcStatusNames {
		if s == name {
			return name
		}
	}
	return ""
}

// retryInfoDelay returns the retryDelay of the first google.rpc.RetryInfo
// detail that has a usable one.
func retryInfoDelay(details []json.RawMessage) (time.Duration, bool) {
	for _, raw := range details {
		var d struct {
			Type       string          `json:"@type"`
			RetryDelay json.RawMessage `json:"retryDelay"`
		}
		if json.Unmarshal(raw, &d) != nil {
			continue
		}
		if d.Type != "google.rpc.RetryInfo" && !strings.HasSuffix(d.Type, "/google.rpc.RetryInfo") {
			continue
		}
		if delay, ok := parseProtoDuration(d.RetryDelay); ok {
			return delay, true
		}
	}
	return 0, false
}

// parseProtoDuration reads a google.protobuf.Duration in its JSON form
// ("30s", "1.5s") or, as some encoders emit it, {"seconds":30,"nanos":0}.
// Negative, non-finite and absurd values are rejected.
func parseProtoDuration(raw json.RawMessage) (time.Duration, bool) {
	var secs float64
	var s string
	var obj struct {
		Seconds json.Number `json:"seconds"`
		Nanos   int64       `json:"nanos"`
	}
	switch {
	case json.Unmarshal(raw, &s) == nil:
		num, ok := strings.CutSuffix(strings.TrimSpace(s), "s")
		if !ok {
			return 0, false
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, false
		}
		secs = f
	case json.Unmarshal(raw, &obj) == nil && obj.Seconds != "":
		// Seconds is an int64 that protojson writes as a string or a number.
		f, err := strconv.ParseFloat(string(obj.Seconds), 64)
		if err != nil {
			return 0, false
		}
		secs = f + float64(obj.Nanos)/1e9
	default:
		return 0, false
	}
	return secondsToDuration(secs)
}

// secondsToDuration converts a non-negative finite number of seconds,
// saturating instead of overflowing; callers cap the result anyway.
func secondsToDuration(secs float64) (time.Duration, bool) {
	if math.IsNaN(secs) || math.IsInf(secs, 0) || secs < 0 {
		return 0, false
	}
	if secs >= math.MaxInt64/float64(time.Second) {
		return time.Duration(math.MaxInt64), true
	}
	return time.Duration(secs * float64(time.Second)), true
}

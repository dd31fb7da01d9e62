package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// maxBody bounds how much of a response is read: /v1/auth answers with a
// small user object, and a proxy page needs no more to be recognised.
const maxBody = 64 << 10

// outcome is what one request established.
type outcome struct {
	retry      bool   // worth asking again; status is then StatusUnknown
	status     Status // the verdict, when !retry
	httpStatus int    // 0 when no response arrived
	// detail is the Verdict's Detail when !retry, and the reason for the
	// retry otherwise ("rate limited (HTTP 429)"). Empty when the request
	// was cut short by ctx. Never built from server or error text.
	detail      string
	rateLimited bool          // the server asked every caller to slow down
	hint        time.Duration // server-given delay, when hasHint
	hasHint     bool
}

// attempt sends one GET /v1/auth with key and classifies the answer.
func (v *Verifier) attempt(ctx context.Context, key string) outcome {
	// Only ever GET: DELETE on this path deletes the user.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.endpoint, nil)
	if err != nil {
		// The endpoint was validated by New; this cannot be the key's fault.
		return outcome{status: StatusUnknown, detail: "internal error: cannot build request"}
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", v.userAgent)

	resp, err := v.client.Do(req)
	if err != nil {
		return transportOutcome(ctx, err)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		out := transportOutcome(ctx, err)
		out.httpStatus = resp.StatusCode
		return out
	}
	truncated := len(body) > maxBody
	if truncated {
		body = body[:maxBody]
	}
	return v.classify(resp, body, truncated)
}

// classify turns a response into an outcome. Only a clear answer from the
// API becomes a verdict; anything a proxy, a WAF or an overloaded server
// could have produced stays unknown.
func (v *Verifier) classify(resp *http.Response, body []byte, truncated bool) outcome {
	code := resp.StatusCode
	out := outcome{status: StatusUnknown, httpStatus: code}
	ctype := resp.Header.Get("Content-Type")
	switch {
	case code == http.StatusOK:
		// A captive portal or proxy answers 200 too, with HTML or with
		// some JSON of its own: a 200 is an answer from CUDO only if it
		// carries the user record (the spec's Profile). Its fields are
		// personal data: they are looked at here and then dropped, never
		// printed, logged or stored.
		switch {
		case !jsonObject(ctype, body, truncated):
			out.detail = fmt.Sprintf("unexpected response: %s (HTTP 200)", describeBody(ctype, body))
		case truncated:
			out.detail = "unexpected response: a HTTP 200 body too large for a user record"
		case hasErrorMember(body):
			out.detail = "unexpected response: error object in a HTTP 200 body"
		case !isUserRecord(body):
			out.detail = "unexpected response: a HTTP 200 JSON object that is not a user record"
		default:
			out.status, out.detail = StatusLive, "authenticated (HTTP 200)"
		}
	case code == http.StatusUnauthorized:
		// Never retried: asking again with an invalid key is what CUDO's
		// docs tell clients not to do. And only the API's own error says
		// the key is invalid: a proxy, a WAF or a captive portal answers
		// 401 too, whatever the key, and calling a live key dead on its
		// word is the one mistake this package must not make.
		info := parseErrorBody(body)
		switch {
		case info.status == statusUnauthenticated:
			out.status = StatusInvalid
			out.detail = "rejected: invalid or revoked key (HTTP 401 UNAUTHENTICATED)"
		case info.object:
			out.detail = fmt.Sprintf("unexpected response: HTTP 401 without the API's UNAUTHENTICATED error%s", withStatus(info.status))
		default:
			out.detail = fmt.Sprintf("unexpected response: %s (HTTP 401), not the API's error", describeBody(ctype, body))
		}
	case code == http.StatusForbidden:
		info := parseErrorBody(body)
		switch info.status {
		case statusPermissionDenied:
			// Not plainly live: nothing shows that /v1/auth answers 403
			// for a valid key with few permissions, and dstack's client
			// reads 401 and 403 alike as a bad key. It fails safe.
			out.status = StatusPossiblyLive
			out.detail = "possibly live (the API refused this key for /v1/auth): revoke it to be safe (HTTP 403 PERMISSION_DENIED)"
		case statusResourceExhausted:
			// Some gateways answer 403 to rate limits.
			return v.retryable(out, resp, info, "rate limited (HTTP 403 RESOURCE_EXHAUSTED)", true)
		default:
			if info.object {
				out.detail = fmt.Sprintf("unexpected response: HTTP 403 without PERMISSION_DENIED%s", withStatus(info.status))
			} else {
				out.detail = fmt.Sprintf("unexpected response: %s (HTTP 403)", describeBody(ctype, body))
			}
		}
	case code == http.StatusTooManyRequests:
		return v.retryable(out, resp, parseErrorBody(body), "rate limited (HTTP 429)", true)
	case code >= 500 && code <= 599:
		return v.retryable(out, resp, parseErrorBody(body), fmt.Sprintf("server error HTTP %d", code), false)
	case code >= 300 && code <= 399:
		// Following it would send the key to a location we did not choose.
		out.detail = fmt.Sprintf("redirect to another location not followed (HTTP %d)", code)
	default:
		out.detail = fmt.Sprintf("unexpected response HTTP %d", code)
	}
	return out
}

// retryable marks out for a retry and records the server's delay, if any:
// Retry-After first, then a RetryInfo detail in the body.
func (v *Verifier) retryable(out outcome, resp *http.Response, info errorInfo, reason string, rateLimited bool) outcome {
	out.retry, out.detail, out.rateLimited = true, reason, rateLimited
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), v.clock.Now()); ok {
		out.hint, out.hasHint = d, true
	} else if info.hasRetryDelay {
		out.hint, out.hasHint = info.retryDelay, true
	}
	return out
}

func withStatus(status string) string {
	if status == "" {
		return ""
	}
	return " " + status
}

// isUserRecord reports whether a JSON object has a field of the spec's
// Profile (emailAddress, firstName, lastName, picture) with a string value.
// The values themselves are not kept.
func isUserRecord(body []byte) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return false
	}
	for _, f := range [...]string{"emailAddress", "firstName", "lastName", "picture"} {
		// Unmarshal would take null for a string too: look at the value.
		if raw, ok := obj[f]; ok && bytes.HasPrefix(bytes.TrimSpace(raw), []byte(`"`)) {
			return true
		}
	}
	return false
}

// jsonObject reports whether body is a JSON object. A body cut at maxBody
// cannot be parsed, so then a JSON Content-Type and an opening brace have
// to do.
func jsonObject(ctype string, body []byte, truncated bool) bool {
	if truncated {
		return isJSONType(ctype) && bytes.HasPrefix(bytes.TrimSpace(body), []byte("{"))
	}
	var obj map[string]json.RawMessage
	return json.Unmarshal(body, &obj) == nil && obj != nil
}

// hasErrorMember reports whether a JSON object has a top-level "error",
// the wrapped AIP-193 form, which is no user object whatever the status.
func hasErrorMember(body []byte) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return false
	}
	_, ok := obj["error"]
	return ok
}

func isJSONType(ctype string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// describeBody names a body that is not the expected JSON, for a Detail.
func describeBody(ctype string, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	mt, _, _ := mime.ParseMediaType(ctype)
	switch {
	case len(trimmed) == 0:
		return "empty body"
	case mt == "text/html" || mt == "application/xhtml+xml" || bytes.HasPrefix(trimmed, []byte("<")):
		return "HTML body"
	case json.Valid(trimmed):
		return "JSON body that is not an object"
	default:
		return "non-JSON body"
	}
}

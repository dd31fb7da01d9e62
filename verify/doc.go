// Package verify asks the CUDO Compute API whether an API key is live.
//
// A check is one read-only request, GET {BaseURL}/v1/auth, with the key in
// the Authorization header and nowhere else. The answer becomes a Verdict:
// live, restricted (authenticated but lacking permission, so still live),
// invalid, or unknown.
//
// The package is built so that nothing but a clear answer from the API
// becomes a verdict: rate limits, server errors, timeouts, redirects and
// HTML pages from proxies or captive portals all end as StatusUnknown, with
// a Detail saying why. Retries honour Retry-After and google.rpc.RetryInfo,
// every wait is capped, and the whole run is bounded by Options.Timeout.
//
// The key never appears in a URL, an error or a Verdict's Detail, and the
// only method ever sent is GET: DELETE /v1/auth would delete the user.
package verify

// Package verify asks the CUDO Compute API whether an API key is live, and,
// for cudoscan revoke only, lists and deletes the keys of its account.
//
// A check is one read-only request, GET {BaseURL}/v1/auth, with the key in
// the Authorization header and nowhere else. The answer becomes a Verdict:
// live (the user record came back), possibly live (the API's own 403
// PERMISSION_DENIED), invalid (the API's own 401 UNAUTHENTICATED), or
// unknown.
//
// The package is built so that nothing but a clear answer from the API
// becomes a verdict: rate limits, server errors, timeouts, redirects, HTML
// pages and JSON of proxies, WAFs or captive portals all end as
// StatusUnknown, with a Detail saying why. Above all a live key is never
// called invalid without the API's word for it. Retries honour Retry-After
// and google.rpc.RetryInfo, every wait is capped, all checks keep to one
// shared pace after a rate limit, and a run is bounded in time and in
// requests.
//
// The key never appears in a URL, an error or a Verdict's Detail, and the
// user record /v1/auth returns (e-mail, name) is never kept. A check only
// ever sends GET: DELETE /v1/auth would delete the user. Only Admin sends
// DELETE, to /v1/api-keys/{name}, for a name the user confirmed.
package verify

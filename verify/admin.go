package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/cudoscan/cudoscan/internal/apiurl"
)

// Admin lists and deletes the API keys of the account a key belongs to,
// authenticated with that key: what cudoscan revoke does. It sends the key
// where Verifier does (the API host, over HTTPS, in the Authorization
// header only) and follows no redirect.
type Admin struct {
	base      url.URL // scheme and host
	client    *http.Client
	userAgent string
}

// NewAdmin returns an Admin for opts.BaseURL, opts.Client and
// opts.UserAgent; the other options are a Verifier's.
func NewAdmin(opts Options) (*Admin, error) {
	base := opts.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	if err := apiurl.Check(base); err != nil {
		return nil, fmt.Errorf("verify: base URL %w", err)
	}
	u, _ := url.Parse(base) // Check has parsed it without error
	a := &Admin{base: url.URL{Scheme: u.Scheme, Host: u.Host}, client: noRedirects(opts.Client), userAgent: opts.UserAgent}
	if a.userAgent == "" {
		a.userAgent = DefaultUserAgent
	}
	return a, nil
}

// APIKey is what GET /v1/api-keys says of a key: its name and when it was
// created. The API says nothing else (no last use, no prefix, no hash), so
// it cannot tell which key is the one that authenticates the request.
type APIKey struct {
	Name    string
	Created time.Time // zero when the API gave none
}

// AdminError is an answer of the API that is not the one asked for.
// Detail is built from fixed words and canonical status names only.
type AdminError struct {
	HTTPStatus int    // 0 when no response arrived
	Status     string // canonical gRPC status of the API's JSON error, or ""
	Detail     string
}

func (e *AdminError) Error() string { return e.Detail }

// listPageSize is asked of GET /v1/api-keys; the server may give fewer.
const listPageSize = 100

// maxListPages bounds the pages read, whatever the API says of its total.
const maxListPages = 50

// List returns the names and creation dates of the account's API keys, and
// how many the API says there are (more than returned when the pages ran
// out first). It reads page after page: the spec numbers pages but does
// not say from what, so each next page is the one after the page number
// the last answer gave, until every key is in, a page brings no new name,
// or maxListPages is reached.
func (a *Admin) List(ctx context.Context, key string) ([]APIKey, int, error) {
	var keys []APIKey
	seen := map[string]bool{}
	total, page := 0, -1 // -1: let the server start where it starts
	for range maxListPages {
		p, err := a.listPage(ctx, key, page)
		if err != nil {
			if len(keys) > 0 {
				break // keep what was listed; total says more exist
			}
			return nil, 0, err
		}
		total = max(total, p.total)
		added := 0
		for _, k := range p.keys {
			if !seen[k.Name] {
				seen[k.Name] = true
				keys = append(keys, k)
				added++
			}
		}
		if added == 0 || len(keys) >= total {
			break
		}
		page = p.number + 1
	}
	return keys, max(total, len(keys)), nil
}

// keyPage is one answer of GET /v1/api-keys.
type keyPage struct {
	keys   []APIKey
	total  int
	number int // the page number the API says this is
}

// listPage asks for page number page, or the server's first page when
// page < 0.
func (a *Admin) listPage(ctx context.Context, key string, page int) (keyPage, error) {
	u := a.base
	u.Path = "/v1/api-keys"
	q := url.Values{"pageSize": {fmt.Sprint(listPageSize)}}
	if page >= 0 {
		q.Set("pageNumber", fmt.Sprint(page))
	}
	u.RawQuery = q.Encode()
	code, body, err := a.do(ctx, http.MethodGet, u, key)
	if err != nil {
		return keyPage{}, err
	}
	if code != http.StatusOK {
		return keyPage{}, answerError(code, body, "listing the API keys")
	}
	var doc struct {
		APIKeys *[]struct {
			ID         string `json:"id"`
			CreateTime string `json:"createTime"`
			// The list never holds key values (the spec says so); a "key"
			// field, were one sent, is not even decoded.
		} `json:"apiKeys"`
		TotalCount int `json:"totalCount"`
		PageNumber int `json:"pageNumber"`
	}
	if json.Unmarshal(body, &doc) != nil || doc.APIKeys == nil {
		return keyPage{}, &AdminError{HTTPStatus: code, Detail: "unexpected response to GET /v1/api-keys: not a list of API keys"}
	}
	p := keyPage{total: doc.TotalCount, number: doc.PageNumber}
	if page >= 0 && p.number < page {
		p.number = page // a server that echoes no number: go on counting
	}
	for _, k := range *doc.APIKeys {
		if !ValidKeyName(k.ID) {
			continue // not a name this tool could ever delete safely
		}
		created, _ := time.Parse(time.RFC3339Nano, k.CreateTime)
		p.keys = append(p.keys, APIKey{Name: k.ID, Created: created})
	}
	return p, nil
}

// DeleteResult is what DELETE /v1/api-keys/{name} answered.
type DeleteResult int

const (
	// Deleted: a 200 with a JSON object.
	Deleted DeleteResult = iota
	// NotFound: the API's own 404 NOT_FOUND.
	NotFound
	// Refused: the API's own 401, 403 or 400: the key may not delete this
	// key (whether a key may delete itself is not documented).
	Refused
	// Unclear: anything else. The caller verifies the key again to learn
	// what happened.
	Unclear
)

// Delete deletes the API key called name, authenticated with key. Only a
// name that ValidKeyName accepts is sent, so the request cannot be made
// to reach another path (DELETE /v1/auth deletes the user).
func (a *Admin) Delete(ctx context.Context, key, name string) (DeleteResult, *AdminError) {
	if !ValidKeyName(name) {
		return Unclear, &AdminError{Detail: "not a valid API key name; nothing sent"}
	}
	u := a.base
	u.Path = "/v1/api-keys/" + name
	code, body, err := a.do(ctx, http.MethodDelete, u, key)
	if err != nil {
		var ae *AdminError
		errors.As(err, &ae)
		return Unclear, ae
	}
	info := parseErrorBody(body)
	switch {
	case code == http.StatusOK && info.object:
		return Deleted, nil
	case code == http.StatusNotFound && info.status == "NOT_FOUND":
		return NotFound, &AdminError{HTTPStatus: code, Status: info.status, Detail: "no API key of that name (HTTP 404 NOT_FOUND)"}
	case (code == http.StatusForbidden || code == http.StatusUnauthorized || code == http.StatusBadRequest) && info.status != "":
		return Refused, &AdminError{HTTPStatus: code, Status: info.status,
			Detail: fmt.Sprintf("the API refused the deletion (HTTP %d %s)", code, info.status)}
	default:
		return Unclear, answerError(code, body, "deleting the API key")
	}
}

// ValidKeyName reports whether name can be an API key's name: CUDO's are
// 4 to 63 of [a-z0-9-]; letters of either case, digits, - and _ are taken
// here, 1 to 63 of them, and nothing that could change a URL's path.
func ValidKeyName(name string) bool {
	if name == "" || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// do sends one request with key and returns the status and the body,
// bounded. Transport errors become an *AdminError in fixed words.
func (a *Admin) do(ctx context.Context, method string, u url.URL, key string) (int, []byte, error) {
	if !headerSafe(key) || key == "" {
		return 0, nil, &AdminError{Detail: "key contains control characters; nothing sent"}
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return 0, nil, &AdminError{Detail: "internal error: cannot build request"}
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", a.userAgent)
	resp, err := a.client.Do(req)
	if err != nil {
		detail, _ := describeTransportError(err)
		return 0, nil, &AdminError{Detail: detail}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		detail, _ := describeTransportError(err)
		return resp.StatusCode, nil, &AdminError{HTTPStatus: resp.StatusCode, Detail: detail}
	}
	return resp.StatusCode, body, nil
}

// answerError describes an unexpected answer to what, in fixed words.
func answerError(code int, body []byte, what string) *AdminError {
	info := parseErrorBody(body)
	detail := fmt.Sprintf("unexpected response %s (HTTP %d%s)", what, code, withStatus(info.status))
	if !info.object {
		detail = fmt.Sprintf("unexpected response %s (HTTP %d, not the API's JSON)", what, code)
	}
	return &AdminError{HTTPStatus: code, Status: info.status, Detail: detail}
}

package parity

import (
	"context"
	"fmt"
	"net/http"
)

// Requests to the CUDO Compute API.

// APIKey is the shape of an OpenAPI Go client's key: the client sends
// Prefix + " " + Key.
type APIKey struct{ Key, Prefix string }

type ctxKey int

// A split header with its Bearer prefix is correct: nothing to report.
func sdkContext(k string) context.Context {
	return context.WithValue(context.Background(), ctxKey(0), map[string]APIKey{"Authorization": {Key: k, Prefix: "Bearer"}})
}

var noPrefix = map[string]APIKey{"Authorization": {Key: "k"}} // want `header without the .* scheme`

var tokenPrefix = map[string]APIKey{"Authorization": {Key: "k", Prefix: "Token"}} // want `wrong scheme`

func sendBuilt(req *http.Request, k string) {
	req.Header.Set("Authorization", "Token "+k)                   // want `wrong scheme`
	req.Header.Set("Authorization", fmt.Sprintf("Bearer  %s", k)) // want `more than one space`
	req.Header.Set("Authorization", "Bearer  "+k)                 // want `more than one space`
	req.Header.Set("Authorization", fmt.Sprintf("Token %s", k))   // want `wrong scheme`
	req.Header.Set("Authorization", "Bearer "+k)                  // well formed
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", k))  // well formed
}

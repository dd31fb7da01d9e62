// Package client stands in for go-openapi's runtime client.
package client

// BearerToken authenticates requests with a bearer token.
func BearerToken(token string) any { return token }

// Package apiurl checks a base URL of the CUDO API, the one place the
// verifier sends a key to. The configuration file and the verifier both
// use it, so that a URL the configuration accepts is one the verifier
// accepts.
package apiurl

import (
	"errors"
	"net"
	"net/url"
	"strings"
)

// The reasons Check gives. Each reads after the name of the value, as in
// "verify.api-url: must use https ..." or "base URL must use https ...".
// None repeats the URL: it may hold user info, which can be a credential,
// and the errors are printed in CI logs.
var (
	errNotAbsolute = errors.New("is not an absolute URL like https://rest.compute.cudo.org")
	errUserInfo    = errors.New("must not hold user info")
	errNotBare     = errors.New("must be a bare scheme and host, without a path, query or fragment")
	errNotHTTPS    = errors.New("must use https (http is allowed only to localhost, 127.0.0.0/8 and ::1)")
)

// Check reports whether raw can be the base URL of the CUDO API: an
// absolute URL of a scheme and a host only (a trailing "/" is allowed),
// with no user info, path, query or fragment, whose scheme is https, or
// http to a loopback host (localhost, 127.0.0.0/8 or ::1) only, since the
// key travels to it in a header and plain http must not leave the machine.
//
// The error, if any, is a reason without a subject, for the caller to
// prefix with the name of the value it checked; it never repeats raw.
func Check(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Opaque != "" || u.Host == "":
		// A url.Error repeats the input, and even its bare reason can
		// quote part of it (an "invalid port"), so it is not passed on.
		return errNotAbsolute
	case u.User != nil:
		return errUserInfo
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || (u.Path != "" && u.Path != "/"):
		return errNotBare
	case u.Scheme == "https": // url.Parse lowercases the scheme
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return errNotHTTPS
}

// isLoopback reports whether host, as url.URL.Hostname returns it, names
// this machine: localhost in any case, or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

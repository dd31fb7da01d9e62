// Package version reports the version of the running binary from its build
// information, so that `go install ...@v1.2.3` and a local build both say
// what they are without ldflags. A release build from a checkout (make
// release) has no module version in its build information, so the release
// tool stamps one into Release.
package version

import (
	"runtime/debug"
	"strings"
)

// Release is the version a release build was made as, set with
// -ldflags "-X github.com/cudoscan/cudoscan/internal/version.Release=v1.2.3".
// go install ...@VERSION never sets it, so there the module version speaks.
var Release string

// String returns the module version ("v1.2.3", or "(devel)" for a local
// build), followed by the VCS revision and a "+dirty" mark when known.
func String() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if Release != "" {
		// Set on purpose, by the release tool: go build in a checkout
		// stamps a pseudo-version of the commit, which says less.
		v = Release
	}
	if v == "" {
		v = "(devel)"
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
		v += " " + rev[:min(12, len(rev))] + dirty
	}
	return v
}

// UserAgent is the User-Agent of requests cudoscan makes.
func UserAgent() string {
	return "cudoscan/" + strings.ReplaceAll(String(), " ", "-")
}

//go:build !amd64 || purego

package rules

import "testing"

// forEachVectorBuild runs fn once: this build has only the portable search.
func forEachVectorBuild(t *testing.T, fn func(t *testing.T)) { fn(t) }

// Package fuzzcheck holds the invariants the fuzz targets of several
// packages share. It is for tests only.
package fuzzcheck

import (
	"bytes"
	"reflect"
	"testing"
)

// Pure runs fn twice on in and checks that it left its input alone and
// gave the same answer both times; it returns the answer.
func Pure[T any](t testing.TB, in []byte, fn func([]byte) T) T {
	t.Helper()
	orig := bytes.Clone(in)
	a := fn(in)
	if !bytes.Equal(in, orig) {
		t.Fatal("the input changed")
	}
	if b := fn(in); !reflect.DeepEqual(a, b) {
		t.Fatalf("two calls disagree: %+v, %+v", a, b)
	}
	return a
}

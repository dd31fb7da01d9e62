// Package metadata is a stub of gRPC's metadata package, with the same
// signatures, so the fixtures need no dependency.
package metadata

import "context"

// MD is a mapping from metadata keys to values.
type MD map[string][]string

// New creates an MD from a given key-value map.
func New(m map[string]string) MD { return nil }

// Pairs returns an MD formed by the mapping of key, value ...
func Pairs(kv ...string) MD { return nil }

// AppendToOutgoingContext returns a new context with the provided kv
// merged with any existing metadata in the context.
func AppendToOutgoingContext(ctx context.Context, kv ...string) context.Context { return ctx }

// NewOutgoingContext creates a new context with outgoing md attached.
func NewOutgoingContext(ctx context.Context, md MD) context.Context { return ctx }

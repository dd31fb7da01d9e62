// Package grpc calls CUDO Compute over gRPC (grpc.compute.cudo.org:443),
// where the key travels in the "authorization" metadata.
package grpc

import (
	"context"
	"os"

	"google.golang.org/grpc/metadata"
)

func outgoing(ctx context.Context, k string) context.Context {
	md := metadata.Pairs("authorization", os.Getenv("CUDO_API_KEY")) // want `header without the .* scheme`
	ctx = metadata.NewOutgoingContext(ctx, md)

	ctx = metadata.AppendToOutgoingContext(ctx, "x-request-id", "1", "authorization", "Bearer"+k) // want `is glued to the`

	env := os.Getenv("CUDO_API_KEY")
	md = metadata.New(map[string]string{"authorization": env}) // want `header without the .* scheme`
	ctx = metadata.NewOutgoingContext(ctx, md)

	data, _ := os.ReadFile("/etc/cudo/api-key")
	md = metadata.MD{"authorization": []string{"Bearer " + string(data)}} // want `newline inside the Authorization value`
	return metadata.NewOutgoingContext(ctx, md)
}

func wellFormed(ctx context.Context, k string) context.Context {
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+k)   // well formed
	return metadata.NewOutgoingContext(ctx, metadata.Pairs("x-api-version", k)) // another metadata entry
}

package scanner

import (
	"runtime"
	"testing"
	"unsafe"
)

// TestChunkBuffersOutliveCollections checks that a chunk buffer given
// back is there for the next large stream after garbage collections (a
// sync.Pool drops what it holds within two), that only a buffer large
// enough is handed out, and that no more than maxKeptChunks are kept.
func TestChunkBuffersOutliveCollections(t *testing.T) {
	var b bufferStack
	if got := b.get(100); got != nil {
		t.Fatalf("an empty stack gave a buffer of %d", cap(got))
	}
	small, big := make([]byte, 10, 100), make([]byte, 0, 1000)
	b.put(small)
	b.put(big)
	runtime.GC()
	runtime.GC()
	got := b.get(500)
	if cap(got) != 1000 || len(got) != 0 || unsafe.SliceData(got) != unsafe.SliceData(big) {
		t.Fatalf("get(500) after two collections: len %d, cap %d; want the 1000-byte buffer, empty", len(got), cap(got))
	}
	if got := b.get(500); got != nil {
		t.Fatalf("get(500) gave a buffer of %d: only one was large enough", cap(got))
	}
	if got := b.get(50); unsafe.SliceData(got) != unsafe.SliceData(small) || len(got) != 0 {
		t.Fatalf("get(50) did not give the small buffer back, empty")
	}
	for range maxKeptChunks + 5 {
		b.put(make([]byte, 0, 8))
	}
	if n := len(b.bufs); n != maxKeptChunks {
		t.Errorf("%d buffers kept, want at most %d", n, maxKeptChunks)
	}
}

package gitpack

import (
	"math/bits"
	"sync"
)

// History reads each blob once and then lets it go, so a scan of
// golang/tools builds 800 MB of blobs through a heap of tens of MB: each
// new buffer was zeroed before the inflater or the delta filled it, the
// garbage collector ran every few tens of MB, and memory it gave back to
// the system was faulted in again. A buffer that no one else holds (the
// cache did not keep it) goes back to buffers instead, for the next
// object of about its size.

// buffers holds byte buffers between objects, by size class: the sizes
// from minPooled to maxPooled, rounded up to a quarter of a power of two
// (at most a quarter more than asked for), up to maxFreeBytes in all. Not
// a sync.Pool: the collector empties those at every cycle, and a history
// scan, allocating as it does, ran one every few tens of MB.
type buffers struct {
	mu    sync.Mutex
	free  [classCount][][]byte
	bytes int // the capacity of the buffers in free
}

const (
	minPooledBits = 12 // buffers of 4 KiB and less are not pooled
	maxPooledBits = 23 // nor larger than 8 MiB
	classCount    = (maxPooledBits - minPooledBits) * 4
	maxFreeBytes  = 16 << 20
)

// bufferClass returns the class of a buffer of n bytes and the capacity
// of the buffers of that class, or -1 when n is not pooled.
func bufferClass(n int) (class, size int) {
	if n <= 1<<minPooledBits || n > 1<<maxPooledBits {
		return -1, n
	}
	k := bits.Len(uint(n - 1)) // 2^(k-1) < n <= 2^k
	step := 1 << (k - 3)       // a quarter of 2^(k-1)
	size = (n + step - 1) &^ (step - 1)
	return (k-minPooledBits-1)*4 + size/step - 5, size
}

// get returns a buffer of n bytes whose contents are undefined: every
// caller overwrites all of it, or fails.
func (b *buffers) get(n int) []byte {
	class, size := bufferClass(n)
	if class < 0 {
		return make([]byte, n)
	}
	b.mu.Lock()
	if k := len(b.free[class]); k > 0 {
		buf := b.free[class][k-1]
		b.free[class][k-1] = nil
		b.free[class] = b.free[class][:k-1]
		b.bytes -= cap(buf)
		b.mu.Unlock()
		return buf[:n]
	}
	b.mu.Unlock()
	return make([]byte, n, size)
}

// put takes back buf, which no one may use after: only a buffer that get
// returned (its capacity says its class) is kept, while there is room.
func (b *buffers) put(buf []byte) {
	class, size := bufferClass(cap(buf))
	if class < 0 || size != cap(buf) {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bytes+size > maxFreeBytes {
		return
	}
	b.free[class] = append(b.free[class], buf[:0])
	b.bytes += size
}

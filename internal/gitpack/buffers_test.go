package gitpack

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

// TestBufferClasses checks the size classes: a pooled size gets a buffer
// at least as large and at most a quarter larger, whose capacity is its
// class's, so that put takes it back into that class; sizes outside the
// pooled range are not pooled.
func TestBufferClasses(t *testing.T) {
	seen := map[int]int{} // class: its size
	for n := 1; n <= 1<<(maxPooledBits+1); n += 1 + n/97 {
		class, size := bufferClass(n)
		pooled := n > 1<<minPooledBits && n <= 1<<maxPooledBits
		switch {
		case class < 0 && pooled, class >= 0 && !pooled:
			t.Fatalf("bufferClass(%d) = %d: pooled is %v", n, class, pooled)
		case class < 0:
			continue
		case class >= classCount || size < n || 4*size > 5*n:
			t.Fatalf("bufferClass(%d) = %d, %d", n, class, size)
		}
		if c, s := bufferClass(size); c != class || s != size {
			t.Fatalf("a buffer of class %d (size %d) is class %d, size %d", class, size, c, s)
		}
		if s, ok := seen[class]; ok && s != size {
			t.Fatalf("class %d has sizes %d and %d", class, s, size)
		}
		seen[class] = size
	}
	if len(seen) != classCount {
		t.Errorf("%d classes used, want %d", len(seen), classCount)
	}
	var b buffers
	buf := b.get(10_000)
	if len(buf) != 10_000 || cap(buf) != 10_240 {
		t.Fatalf("get(10000): len %d, cap %d", len(buf), cap(buf))
	}
	b.put(make([]byte, 10_000)) // not a class's capacity: dropped
	b.put(buf)
	if again := b.get(9_000); cap(again) != 10_240 {
		t.Errorf("get(9000) after a put of class 10240: cap %d", cap(again))
	}
}

// TestRecycledBuffersAreNeverShared reads a history, oldest first, in
// four workers through a cache too small for it, checks every blob
// against git's bytes, and then, when the Store says the reader alone
// holds it, scribbles over it before giving it back. A buffer the cache
// still held, or another reader, would come back scribbled on: some later
// read would differ from git's.
func TestRecycledBuffersAreNeverShared(t *testing.T) {
	r := editedRepo(t, 400, 12, 400) // files of 12-20 KB: pooled sizes
	want := gitBytes(t, r)
	oids := historyBlobs(t, r)
	s := openStore(t, r, 20, Options{MaxObject: 1 << 30, CacheBytes: 256 << 10, ReadOnce: true})
	<-s.counted
	jobs := make(chan []byte)
	var owned, given sync.Map // blobs the reader alone held; buffers given back
	var reused atomic.Bool    // a buffer given back came back
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for range 4 {
		wg.Go(func() {
			for oid := range jobs {
				_, data, mine, err := s.ReadOwned(s.Find(oid))
				if err == nil && !bytes.Equal(data, want[fmt.Sprintf("%x", oid)]) {
					err = fmt.Errorf("%x: read bytes differ from git's", oid)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					continue
				}
				if mine {
					owned.Store(fmt.Sprintf("%x", oid), true)
					if cap(data) > 1<<minPooledBits {
						if _, again := given.LoadOrStore(unsafe.SliceData(data), true); again {
							reused.Store(true)
						}
					}
					for i := range data {
						data[i] = 0xaa
					}
					s.Recycle(data)
				}
			}
		})
	}
	for _, oid := range oids {
		jobs <- oid
	}
	close(jobs)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d reads failed; the first: %v", len(errs), errs[0])
	}
	n := 0
	owned.Range(func(any, any) bool { n++; return true })
	if !reused.Load() || n < len(oids)/2 {
		t.Errorf("%d of %d blobs were the reader's alone, buffers reused: %v; the test did not test recycling", n, len(oids), reused.Load())
	}
}

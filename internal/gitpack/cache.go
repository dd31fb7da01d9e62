package gitpack

import (
	"container/list"
	"sync"
)

// baseCache keeps recently built objects by where they are in a pack, so
// that a delta chain is walked once, not once per object on it. Git packs
// a file's newer versions whole and its older ones as deltas against
// them, so a history read oldest first builds the whole chain for its
// first version and finds the rest here. It is shared by the workers and
// bounded in bytes; the least recently used go first.
//
// Workers reading versions of one file at once would build the same
// chain twice; a worker therefore claims each object it is to build, and
// another that needs it waits for it instead (getOrClaim).
type baseCache struct {
	mu       sync.Mutex
	max      int
	bytes    int
	order    *list.List // of *cached, most recent first
	byKey    map[cacheKey]*list.Element
	building map[cacheKey]chan struct{} // closed when the claim ends
	uses     *useCounts                 // nil: least recently used first, nothing else known
}

type cacheKey struct {
	pack *pack
	off  uint64
}

type cached struct {
	key  cacheKey
	typ  int
	data []byte
}

func newBaseCache(maxBytes int) *baseCache {
	return &baseCache{max: maxBytes, order: list.New(), byKey: map[cacheKey]*list.Element{}, building: map[cacheKey]chan struct{}{}}
}

// getOrClaim returns the object at k if it is cached (hit). If not, and no
// one is building it, the caller now is (claimed) and must end the claim
// with finish. If someone is, getOrClaim waits for them when wait is
// true, else returns neither hit nor claimed: the caller builds the
// object without a claim.
//
// Waiting cannot deadlock as long as a caller waits only for objects
// before, in the same pack, every object it has claimed: a delta's base
// by offset always comes before the delta. readPacked stops waiting once
// it follows a base by name, which could point anywhere.
func (c *baseCache) getOrClaim(k cacheKey, wait bool) (typ int, data []byte, hit, claimed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if e, ok := c.byKey[k]; ok {
			c.order.MoveToFront(e)
			o := e.Value.(*cached)
			return o.typ, o.data, true, false
		}
		done, busy := c.building[k]
		switch {
		case !busy:
			c.building[k] = make(chan struct{})
			return 0, nil, false, true
		case !wait:
			return 0, nil, false, false
		}
		c.mu.Unlock()
		<-done
		c.mu.Lock()
		// Built and cached, or failed, or too large to keep: look again.
	}
}

// finish ends the claim on k, caching the object unless data is nil (it
// could not be built), and wakes whoever waits for it. It reports whether
// the cache kept data: those who wait find it there, or build their own.
func (c *baseCache) finish(k cacheKey, typ int, data []byte) (kept bool) {
	if data != nil {
		kept = c.put(k, typ, data)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if done, ok := c.building[k]; ok {
		delete(c.building, k)
		close(done)
	}
	return kept
}

// setUses starts the counts of what is still needed (see useCounts).
// What was built or read before they came is not counted: those objects
// look needed until the LRU lets them go.
func (c *baseCache) setUses(u *useCounts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.uses = u
}

// noteBuilt records that child, a delta on base, was built: one use of
// base less.
func (c *baseCache) noteBuilt(child, base cacheKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.uses == nil {
		return
	}
	c.uses.built(child, base)
	c.dropUnneeded(base)
}

// noteRead records that k was read: one use of it less.
func (c *baseCache) noteRead(k cacheKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.uses == nil {
		return
	}
	c.uses.read(k)
	c.dropUnneeded(k)
}

// dropUnneeded lets k go if nothing left to build needs it. c.mu is held.
func (c *baseCache) dropUnneeded(k cacheKey) {
	if e, ok := c.byKey[k]; ok && !c.uses.needed(k) {
		c.remove(e)
	}
}

func (c *baseCache) remove(e *list.Element) {
	o := e.Value.(*cached)
	c.order.Remove(e)
	delete(c.byKey, o.key)
	c.bytes -= len(o.data)
}

// put keeps the object at k, unless it alone would take over a quarter of
// the cache, or nothing left to build needs it. It reports whether data
// is kept: handed out from then on, until the cache lets it go (and the
// garbage collector frees it).
func (c *baseCache) put(k cacheKey, typ int, data []byte) (kept bool) {
	if len(data) > c.max/4 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[k]; ok || (c.uses != nil && !c.uses.needed(k)) {
		return false
	}
	c.byKey[k] = c.order.PushFront(&cached{key: k, typ: typ, data: data})
	c.bytes += len(data)
	for c.bytes > c.max {
		c.remove(c.order.Back())
	}
	// Even if the loop let it go at once, it was in the cache under the
	// lock only: no one else can hold it. Said kept anyway, to be safe.
	return true
}

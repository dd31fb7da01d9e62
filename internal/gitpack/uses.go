package gitpack

import "runtime/debug"

// useCounts is what the cache knows of the reads to come when every
// object is read at most once (Options.ReadOnce): for each object, how
// many builds still need it. An object is needed once for its own read
// and once for each delta on it not yet built; at zero nothing left needs
// it, and the cache lets it go at once, to keep its room for objects that
// are still to be used.
//
// An LRU alone cannot tell the two apart, and a history read oldest first
// needs it to: git packs a file's newest version whole and the older ones
// as deltas on newer ones, so building the oldest version builds, and
// caches, every newer one on its chain, which are read later, while what
// was read stays in the way. On a repacked 3,000-commit history the 16
// MiB cache inflated five times the bytes its entries hold without the
// counts.
type useCounts struct {
	left map[cacheKey]int32 // objects with deltas on them: builds left; absent: 1, its own read
	done map[cacheKey]uint8 // what was counted already: doneBuilt, doneRead
}

const (
	doneBuilt uint8 = 1 << iota // built as a delta: its base's count was taken
	doneRead                    // read: its own count was taken
)

// countUses counts the deltas on each object of the packs, from the
// entries' headers: nothing is inflated. An entry it cannot read counts
// nothing, and is left for readPacked to report; a pack cut short under
// its mapping, or a Store closed meanwhile, leaves the counts out (nil),
// and the cache to its LRU.
func (s *Store) countUses() (u *useCounts) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			u = nil
		}
	}()
	u = &useCounts{left: map[cacheKey]int32{}, done: map[cacheKey]uint8{}}
	for _, p := range s.packs {
		for i := range p.index.count {
			if i%4096 == 0 && s.stop.Load() {
				return nil
			}
			off, ok := p.index.offset(i)
			if !ok {
				continue
			}
			e, err := p.entryAt(off)
			if err != nil {
				continue
			}
			switch e.typ {
			case typeOfsDelta:
				u.addDelta(cacheKey{p, e.baseOff})
			case typeRefDelta:
				if bp, boff, ok := s.locate(e.baseOID); ok {
					u.addDelta(cacheKey{bp, boff})
				}
			}
		}
	}
	return u
}

func (u *useCounts) addDelta(base cacheKey) {
	n, ok := u.left[base]
	if !ok {
		n = 1 // its own read
	}
	u.left[base] = n + 1
}

// built counts the use of base that building child, a delta on it,
// took: once for each child, however often it is built.
func (u *useCounts) built(child, base cacheKey) {
	if u.mark(child, doneBuilt) {
		u.use(base)
	}
}

// read counts k's own read, once.
func (u *useCounts) read(k cacheKey) {
	if u.mark(k, doneRead) {
		u.use(k)
	}
}

// mark records that k's use of the kind what was counted, and reports
// whether it was not before.
func (u *useCounts) mark(k cacheKey, what uint8) bool {
	d := u.done[k]
	if d&what != 0 {
		return false
	}
	u.done[k] = d | what
	return true
}

func (u *useCounts) use(k cacheKey) {
	n, ok := u.left[k]
	if !ok {
		n = 1
	}
	u.left[k] = max(0, n-1)
}

// needed reports whether a build still to come needs k.
func (u *useCounts) needed(k cacheKey) bool {
	n, ok := u.left[k]
	return !ok || n > 0
}

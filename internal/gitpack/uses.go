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
//
// One map entry an object (about 30 bytes), for those with deltas on them
// and those built or read so far.
type useCounts struct {
	of map[cacheKey]useState // absent: left 1 (its own read), nothing done
}

type useState struct {
	left int32 // builds and reads still to come that need the object
	done uint8 // what was counted already: doneBuilt, doneRead
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
	u = &useCounts{of: map[cacheKey]useState{}}
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

// state is k's counts: left 1 and nothing done if none were kept.
func (u *useCounts) state(k cacheKey) useState {
	if st, ok := u.of[k]; ok {
		return st
	}
	return useState{left: 1}
}

func (u *useCounts) addDelta(base cacheKey) {
	st := u.state(base)
	st.left++
	u.of[base] = st
}

// built counts the use of base that building child, a delta on it,
// took: once for each child, however often it is built.
func (u *useCounts) built(child, base cacheKey) {
	if u.mark(child, doneBuilt) {
		u.use(base)
	}
}

// read counts k's own read, once: one look-up, one write.
func (u *useCounts) read(k cacheKey) {
	st := u.state(k)
	if st.done&doneRead == 0 {
		st.done |= doneRead
		st.left = max(0, st.left-1)
		u.of[k] = st
	}
}

// mark records that k's use of the kind what was counted, and reports
// whether it was not before.
func (u *useCounts) mark(k cacheKey, what uint8) bool {
	st := u.state(k)
	if st.done&what != 0 {
		return false
	}
	st.done |= what
	u.of[k] = st
	return true
}

func (u *useCounts) use(k cacheKey) {
	st := u.state(k)
	st.left = max(0, st.left-1)
	u.of[k] = st
}

// needed reports whether a build or read still to come needs k.
func (u *useCounts) needed(k cacheKey) bool { return u.state(k).left > 0 }

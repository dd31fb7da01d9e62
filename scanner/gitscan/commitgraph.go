package gitscan

import (
	"bytes"
)

// commitGraph keeps the parents of every commit the history's log walks
// (its %P), so that the refs reaching the commits of the leaks can be
// worked out afterwards without walking the graph a second time with
// `git rev-list` (about 7% of a history scan with findings).
//
// It only answers for a log that walks every ref and every stash, as a
// history scan with no revisions and no paths does: every ref reaching a
// commit does so through the commit's descendants, and those are all in
// such a log (--since only leaves out ancestors). A log limited to paths
// rewrites parents; one limited to revisions leaves out refs.
//
// It is compact because it is kept for every commit before anything is
// known to have leaked: SHA-1 names as 20 bytes, parents as indexes.
// Another object format (SHA-256) turns it off, and the refs are found
// with rev-list as before.
type commitGraph struct {
	off     bool
	index   map[[20]byte]uint32
	first   []uint32 // commit i's parents are parents[first[i]:first[i+1]]
	parents []uint32
	// absent holds the parents that were not in the log when their
	// child was: commits --since left out. Were one of them to come
	// later, the log would not be parents first, and the graph turns
	// itself off rather than answer from a wrong order.
	absent map[[20]byte]bool
}

func newCommitGraph() *commitGraph {
	return &commitGraph{index: map[[20]byte]uint32{}, absent: map[[20]byte]bool{}}
}

// add records commit hash, with the parents of its %P field (space
// separated), after all of them were added: git log --reverse
// --topo-order lists parents first.
func (g *commitGraph) add(hash string, parents []byte) {
	if g.off {
		return
	}
	h, ok := oid20(hash)
	if !ok || g.absent[h] {
		g.turnOff()
		return
	}
	g.index[h] = uint32(len(g.first))
	g.first = append(g.first, uint32(len(g.parents)))
	for _, p := range bytes.Fields(parents) {
		ph, ok := oid20(string(p))
		if !ok {
			g.turnOff()
			return
		}
		i, known := g.index[ph]
		if !known {
			g.absent[ph] = true
			continue
		}
		g.parents = append(g.parents, i)
	}
}

func (g *commitGraph) turnOff() {
	*g = commitGraph{off: true}
}

// usable reports whether the graph can answer: it is on and holds commits.
func (g *commitGraph) usable() bool { return g != nil && !g.off && len(g.first) > 0 }

// lookup returns the index of a commit named in hex.
func (g *commitGraph) lookup(hash string) (uint32, bool) {
	h, ok := oid20(hash)
	if !ok {
		return 0, false
	}
	i, ok := g.index[h]
	return i, ok
}

// childrenFirst calls visit with every commit and its parents, each
// commit after all of its children: the log's order reversed.
func (g *commitGraph) childrenFirst(visit func(c uint32, parents []uint32)) {
	for i := len(g.first) - 1; i >= 0; i-- {
		end := uint32(len(g.parents))
		if i+1 < len(g.first) {
			end = g.first[i+1]
		}
		visit(uint32(i), g.parents[g.first[i]:end])
	}
}

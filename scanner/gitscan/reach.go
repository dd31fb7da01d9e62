package gitscan

import (
	"bufio"
	"context"
	"fmt"
	"strings"
)

// refsReaching returns, for each of commits, the refs from which it can be
// reached (fetching any of them fetches it): every ref, and every stash
// but the newest as stash@{N}. One walk of the whole graph, children
// before parents, answers for all of them: the set of refs reaching a
// commit (a bitset) is complete when the commit is visited, and is handed
// down to its parents. Only the frontier of the walk is held, not a set
// per commit. The walk is graph's, kept from the history's own log, when
// it can answer; otherwise `git rev-list --topo-order --parents`.
func (r *Repo) refsReaching(ctx context.Context, commits map[string]bool, graph *commitGraph, stashes []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(commits) == 0 {
		return out, nil
	}
	names, tips, err := r.refTips(ctx, stashes)
	if err != nil {
		return nil, err
	}
	if graph.usable() {
		return reachInGraph(graph, commits, names, tips), nil
	}
	walk := newReachWalk[string](names)
	for i, tip := range tips {
		walk.tip(tip, i)
	}
	args := append([]string{"rev-list", "--topo-order", "--parents", "--all", "--end-of-options"}, stashes...)
	p, err := r.start(ctx, false, append(args, "--")...)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(p.stdout)
	sc.Buffer(make([]byte, 64<<10), maxToken)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		bits := walk.visit(f[0], f[1:])
		if commits[f[0]] {
			out[f[0]] = walk.refNames(bits)
		}
	}
	if err := finish(p, sc.Err()); err != nil {
		return nil, err
	}
	return out, nil
}

// reachInGraph is refsReaching's walk over the commits of the log.
func reachInGraph(g *commitGraph, commits map[string]bool, names, tips []string) map[string][]string {
	walk := newReachWalk[uint32](names)
	for i, tip := range tips {
		if c, ok := g.lookup(tip); ok {
			walk.tip(c, i)
		}
	}
	wanted := map[uint32]string{}
	for hash := range commits {
		if c, ok := g.lookup(hash); ok {
			wanted[c] = hash
		}
	}
	out := map[string][]string{}
	g.childrenFirst(func(c uint32, parents []uint32) {
		bits := walk.visit(c, parents)
		if hash, ok := wanted[c]; ok {
			out[hash] = walk.refNames(bits)
		}
	})
	return out
}

// reachWalk hands the refs reaching each commit, a bitset over names,
// down from children to parents. K names a commit.
type reachWalk[K comparable] struct {
	names   []string
	words   int
	tips    map[K][]uint64 // the refs that point at a commit
	pending map[K][]uint64 // the refs reaching a commit not yet visited, from its children
}

func newReachWalk[K comparable](names []string) *reachWalk[K] {
	return &reachWalk[K]{names: names, words: (len(names) + 63) / 64, tips: map[K][]uint64{}, pending: map[K][]uint64{}}
}

// tip records that ref names[i] points at c.
func (w *reachWalk[K]) tip(c K, i int) {
	b := w.tips[c]
	if b == nil {
		b = make([]uint64, w.words)
		w.tips[c] = b
	}
	b[i/64] |= 1 << (i % 64)
}

// visit takes c, all of whose children were visited, and returns the refs
// reaching it, which it hands to its parents.
func (w *reachWalk[K]) visit(c K, parents []K) []uint64 {
	bits := w.pending[c]
	delete(w.pending, c)
	if bits == nil {
		bits = make([]uint64, w.words)
	}
	for i, x := range w.tips[c] {
		bits[i] |= x
	}
	for _, parent := range parents {
		pb := w.pending[parent]
		if pb == nil {
			w.pending[parent] = append([]uint64(nil), bits...)
			continue
		}
		for i, x := range bits {
			pb[i] |= x
		}
	}
	return bits
}

// refNames returns the names of the bits set.
func (w *reachWalk[K]) refNames(bits []uint64) []string {
	var out []string
	for i, name := range w.names {
		if bits[i/64]&(1<<(i%64)) != 0 {
			out = append(out, name)
		}
	}
	return out
}

// refTips lists every ref that points (through tags) at a commit, and the
// older stashes, with the commit each names.
func (r *Repo) refTips(ctx context.Context, stashes []string) (names, tips []string, err error) {
	refs, err := r.output(ctx, "for-each-ref", "--format=%(objectname) %(*objectname) %(refname)")
	if err != nil {
		return nil, nil, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(refs)), "\n") {
		f := strings.Fields(line)
		switch len(f) {
		case 2: // not a tag object: objectname refname
			tips, names = append(tips, f[0]), append(names, f[1])
		case 3: // a tag object: objectname peeled refname
			tips, names = append(tips, f[1]), append(names, f[2])
		}
	}
	for n, c := range stashes {
		if n > 0 { // stash@{0} is refs/stash
			tips, names = append(tips, c), append(names, fmt.Sprintf("stash@{%d}", n))
		}
	}
	return names, tips, nil
}

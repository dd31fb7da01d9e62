package gitscan

import (
	"bufio"
	"context"
	"fmt"
	"strings"
)

// refsReaching returns, for each of commits, the refs from which it can be
// reached (fetching any of them fetches it): every ref, and every stash
// but the newest as stash@{N}. One walk of the whole graph answers for
// all of them: `git rev-list --topo-order --parents` lists children before
// parents, so the set of refs reaching a commit (a bitset) is complete when
// the commit is listed, and is handed down to its parents. Only the
// frontier of the walk is held, not a set per commit.
func (r *Repo) refsReaching(ctx context.Context, commits map[string]bool) (map[string][]string, error) {
	out := map[string][]string{}
	if len(commits) == 0 {
		return out, nil
	}
	names, tips, err := r.refTips(ctx)
	if err != nil {
		return nil, err
	}
	words := (len(names) + 63) / 64
	tipBits := map[string][]uint64{}
	for i, tip := range tips {
		b := tipBits[tip]
		if b == nil {
			b = make([]uint64, words)
			tipBits[tip] = b
		}
		b[i/64] |= 1 << (i % 64)
	}
	stashes, err := r.stashes(ctx)
	if err != nil {
		return nil, err
	}
	args := append([]string{"rev-list", "--topo-order", "--parents", "--all", "--end-of-options"}, stashes...)
	p, err := r.start(ctx, false, append(args, "--")...)
	if err != nil {
		return nil, err
	}
	pending := map[string][]uint64{}
	sc := bufio.NewScanner(p.stdout)
	sc.Buffer(make([]byte, 64<<10), maxToken)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		c := f[0]
		bits := pending[c]
		delete(pending, c)
		if bits == nil {
			bits = make([]uint64, words)
		}
		for i, w := range tipBits[c] {
			bits[i] |= w
		}
		if commits[c] {
			out[c] = refNames(names, bits)
		}
		for _, parent := range f[1:] {
			pb := pending[parent]
			if pb == nil {
				pending[parent] = append([]uint64(nil), bits...)
				continue
			}
			for i, w := range bits {
				pb[i] |= w
			}
		}
	}
	if err := finish(p, sc.Err()); err != nil {
		return nil, err
	}
	return out, nil
}

// refTips lists every ref that points (through tags) at a commit, and the
// older stashes, with the commit each names.
func (r *Repo) refTips(ctx context.Context) (names, tips []string, err error) {
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
	stashes, err := r.stashes(ctx)
	if err != nil {
		return nil, nil, err
	}
	for n, c := range stashes {
		if n > 0 { // stash@{0} is refs/stash
			tips, names = append(tips, c), append(names, fmt.Sprintf("stash@{%d}", n))
		}
	}
	return names, tips, nil
}

// refNames returns the names of the bits set.
func refNames(names []string, bits []uint64) []string {
	var out []string
	for i, name := range names {
		if bits[i/64]&(1<<(i%64)) != 0 {
			out = append(out, name)
		}
	}
	return out
}

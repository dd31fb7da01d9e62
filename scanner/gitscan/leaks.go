package gitscan

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/scanner"
)

// A history scan finds a leak once per version of the file that holds
// it: a key committed and then edited around three times is in four blobs.
// groupLeaks folds those rows into one finding per leak, which is what a
// person acts on: where the key is, the commit that introduced it, the one
// that removed it, whether HEAD still has it, and which refs reach it.

// leakKey identifies a leak: one secret (or, for a finding without one,
// one matched text) found by one rule at one path.
type leakKey struct {
	rule, kind, path string
	secret, match    string
}

func keyOf(f scanner.Finding) leakKey {
	k := leakKey{rule: f.RuleID, kind: f.Kind, path: f.Path}
	if f.Secret != "" {
		k.secret = f.Secret
	} else {
		k.match = f.MatchSHA256
	}
	return k
}

// leak is the rows of one leak, oldest first, and the blobs they are in.
type leak struct {
	rows    []seqFinding
	blobs   map[string]bool
	removed *scanner.Commit
}

// groupLeaks returns one finding per leak of found (the rows of a history
// scan walked over revs), oldest leak first. mods and graph are what the
// walk recorded, when it did.
func (r *Repo) groupLeaks(ctx context.Context, found []seqFinding, revs []string, mods *modLog, graph *commitGraph, stashes *lazyStashes) ([]scanner.Finding, error) {
	if len(found) == 0 {
		return nil, nil
	}
	slices.SortStableFunc(found, func(a, b seqFinding) int {
		return cmp.Or(cmp.Compare(a.seq, b.seq), finding.Compare(a.f, b.f))
	})
	byKey := map[leakKey]*leak{}
	byPath := map[string][]*leak{}
	var leaks []*leak
	for _, x := range found {
		k := keyOf(x.f)
		l := byKey[k]
		if l == nil {
			l = &leak{blobs: map[string]bool{}}
			byKey[k] = l
			byPath[k.path] = append(byPath[k.path], l)
			leaks = append(leaks, l)
		}
		l.rows = append(l.rows, x)
		l.blobs[x.oid] = true
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	if mods != nil && !mods.off {
		if err := r.setRemovals(ctx, mods.removals(byPath)); err != nil {
			return nil, err
		}
	} else if err := r.findRemovals(ctx, revs, paths, byPath); err != nil {
		return nil, err
	}
	head, err := r.headBlobs(ctx, paths)
	if err != nil {
		return nil, err
	}
	commits := map[string]bool{}
	for _, x := range found {
		if c := x.f.Commit; c != nil {
			commits[c.Hash] = true
		}
	}
	stashList, err := stashes.get(ctx)
	if err != nil {
		return nil, err
	}
	reach, err := r.refsReaching(ctx, commits, graph, stashList)
	if err != nil {
		return nil, err
	}
	out := make([]scanner.Finding, 0, len(leaks))
	for _, l := range leaks {
		out = append(out, leakFinding(l, head, reach))
	}
	return out, nil
}

// leakFinding is the one finding of a leak: at its first version that is
// not suppressed (a version without the cudoscan:allow is a leak all the
// same), under the commit that introduced it. reach gives the refs that
// reach each commit.
func leakFinding(l *leak, head map[string]string, reach map[string][]string) scanner.Finding {
	rep := l.rows[0].f
	for _, x := range l.rows {
		if !x.f.Suppressed {
			rep = x.f
			break
		}
	}
	h := &finding.History{Present: l.blobs[head[rep.Path]]}
	if !h.Present {
		h.Removed = l.removed
	}
	for _, x := range l.rows {
		h.Occurrences = append(h.Occurrences, finding.Occurrence{Commit: x.f.Commit, Line: x.f.Line, Column: x.f.Column})
		refs := reach[x.commitHash()]
		if x.ref != "" {
			refs = []string{x.ref} // a tag to a blob or tree, no commit
		}
		for _, ref := range refs {
			if !slices.Contains(h.Refs, ref) {
				h.Refs = append(h.Refs, ref)
			}
		}
	}
	slices.Sort(h.Refs)
	rep.Commit = l.rows[0].f.Commit
	rep.History = h
	return rep
}

// findRemovals walks the history of paths again (only their diffs, so it
// costs a fraction of the scan) and records, for each leak, the last
// commit that took it out of its path: one whose diff replaces a blob
// holding it by one that does not, or deletes the file. A later commit
// that brings it back clears that.
func (r *Repo) findRemovals(ctx context.Context, revs, paths []string, byPath map[string][]*leak) error {
	args := append(logCommand(), "--full-history")
	args = append(args, revs...)
	args = append(args, "--")
	if len(paths) <= maxPathspecs {
		args = append(args, pathspecs(paths)...)
	}
	p, err := r.start(ctx, false, args...)
	if err != nil {
		return err
	}
	w := &logWalker{progress: &Progress{}, visit: func(c *scanner.Commit, e rawEntry) error {
		for _, l := range byPath[e.path] {
			had := l.blobs[e.srcOID]
			has := e.status != 'D' && l.blobs[e.dstOID]
			switch {
			case had && !has:
				l.removed = c
			case has && !had:
				l.removed = nil
			}
		}
		return nil
	}}
	perr := splitNUL(p.stdout, func(tok []byte) error { return w.token(ctx, tok) })
	return finish(p, perr)
}

// setRemovals sets the removing commit of each leak, with its author and
// date, read in one git call.
func (r *Repo) setRemovals(ctx context.Context, removed map[*leak]string) error {
	if len(removed) == 0 {
		return nil
	}
	var hashes []string
	for _, h := range removed {
		if !slices.Contains(hashes, h) {
			hashes = append(hashes, h)
		}
	}
	args := append([]string{"log", "--no-walk=unsorted", "--no-show-signature", logFormat, "--end-of-options"}, hashes...)
	out, err := r.output(ctx, append(args, "--")...)
	if err != nil {
		return err
	}
	commits := map[string]*scanner.Commit{}
	for _, rec := range strings.Split(string(out), "\x01") {
		f := strings.Split(strings.TrimRight(rec, "\n"), "\x00")
		if len(f) == 5 { // hash, parents, author, email, date
			commits[f[0]] = &scanner.Commit{Hash: f[0], Author: f[2], Email: f[3], Date: f[4]}
		}
	}
	for l, h := range removed {
		l.removed = commits[h]
	}
	return nil
}

// maxPathspecs bounds the paths given to git on one command line; past
// it, the walk diffs every path, which is slower but has no limit.
const maxPathspecs = 1000

// headBlobs returns the blob at each of paths in HEAD's tree; empty when
// there is no HEAD (an unborn branch).
func (r *Repo) headBlobs(ctx context.Context, paths []string) (map[string]string, error) {
	blobs := map[string]string{}
	head, err := r.headCommit(ctx)
	if err != nil || head == "" {
		return blobs, err
	}
	args := []string{"-c", "core.quotepath=false", "ls-tree", "-r", "-z", "--full-tree", head, "--"}
	if len(paths) <= maxPathspecs {
		args = append(args, paths...) // ls-tree matches paths literally
	}
	out, err := r.output(ctx, args...)
	if err != nil {
		return nil, err
	}
	for _, rec := range bytes.Split(out, []byte{0}) {
		// "<mode> SP <type> SP <oid> TAB <path>"
		meta, path, ok := bytes.Cut(rec, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if ok && len(fields) == 3 && fields[1] == "blob" {
			blobs[string(path)] = fields[2]
		}
	}
	return blobs, nil
}

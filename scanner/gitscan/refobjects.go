package gitscan

import (
	"bytes"
	"context"
	"strings"
)

// A key can hide where git log --all never looks: in a stash other than
// the newest (refs/stash's reflog), and in a blob or tree that a tag points
// to directly (git tag v1 $(git hash-object -w secret.txt)). Notes are
// commits under refs/notes and are walked with the other refs.

// stashes returns every stash commit: refs/stash and its reflog, newest
// first; none when there is no stash.
func (r *Repo) stashes(ctx context.Context) ([]string, error) {
	c, err := r.resolveCommit(ctx, "refs/stash")
	if err != nil || c == "" {
		return nil, err
	}
	out, err := r.output(ctx, "log", "--walk-reflogs", "--format=%H", "refs/stash", "--")
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

// lazyStashes resolves a scan's stashes the first time they are asked
// for: the log's revisions and the refs reaching its leaks both need
// them, and a scan of given revisions that finds nothing needs neither.
type lazyStashes struct {
	r    *Repo
	done bool
	list []string
}

func (s *lazyStashes) get(ctx context.Context) ([]string, error) {
	if s.done {
		return s.list, nil
	}
	list, err := s.r.stashes(ctx)
	if err != nil {
		return nil, err
	}
	s.done, s.list = true, list
	return list, nil
}

// feedRefObjects sends to the workers the blobs that refs reach without a
// commit: a ref (a tag, usually) to a blob, or to a tree and so to every
// blob in it. A finding there has no commit; its path is the ref's name
// (and the blob's path in the tree), and the ref is where it is reached.
func (r *Repo) feedRefObjects(ctx context.Context, w *logWalker) error {
	out, err := r.output(ctx, "for-each-ref", "--format=%(objecttype) %(*objecttype) %(objectname) %(*objectname) %(refname)")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		// A tag object peels to its target; a plain ref has no peeled
		// fields, so its type, name and ref are the first three.
		typ, oid, ref := f[0], f[1], f[len(f)-1]
		if typ == "tag" && len(f) == 5 {
			typ, oid = f[1], f[3]
		}
		switch typ {
		case "blob":
			if err := w.refBlob(ctx, oid, ref, ref); err != nil {
				return err
			}
		case "tree":
			if err := r.feedTree(ctx, w, oid, ref); err != nil {
				return err
			}
		}
	}
	return nil
}

// feedTree sends every blob of the tree a ref points to.
func (r *Repo) feedTree(ctx context.Context, w *logWalker, tree, ref string) error {
	out, err := r.output(ctx, "-c", "core.quotepath=false", "ls-tree", "-r", "-z", tree)
	if err != nil {
		return err
	}
	for _, rec := range bytes.Split(out, []byte{0}) {
		meta, path, ok := bytes.Cut(rec, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if ok && len(fields) == 3 && fields[1] == "blob" && isFileMode(fields[0]) {
			if err := w.refBlob(ctx, fields[2], ref+":"+string(path), ref); err != nil {
				return err
			}
		}
	}
	return nil
}

// refBlob sends a blob that a ref reaches without a commit, once.
func (w *logWalker) refBlob(ctx context.Context, oid, path, ref string) error {
	if !w.opts.Selected(path) {
		w.stats.Excluded++
		return nil
	}
	if !w.seen.add(oid) {
		return nil
	}
	w.seq++
	select {
	case w.jobs <- blobJob{oid: oid, path: path, seq: w.seq, ref: ref}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

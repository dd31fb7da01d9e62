package gitscan

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/cudoscan/cudoscan/scanner"
)

// HistoryOptions choose the commits a history scan walks.
type HistoryOptions struct {
	// Revs are the revisions to walk (anything git log accepts: branches,
	// tags, ranges). None means every ref (git log --all).
	Revs []string
	// Since leaves out the commits reachable from this revision: only what
	// was committed after it is scanned.
	Since string
	// Progress, if set, is updated while the scan runs.
	Progress *Progress
	// Paths, when set, limit the scan to these paths (relative to the top
	// of the work tree; a directory covers what is under it), as
	// git log -- PATH... does.
	Paths []string
	// AllOccurrences reports a finding per blob version (the rows a
	// history scan finds) instead of one per leak.
	AllOccurrences bool
}

// HistoryResult is what ScanHistory found and what it walked.
type HistoryResult struct {
	scanner.Result
	Commits int64 // commits walked
}

// logFormat starts every commit of the log with \x01 and its hash,
// parents (space separated), author name, email and date (strict ISO
// 8601, which is RFC 3339), NUL separated; its --raw entries follow.
const logFormat = "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI"

// ScanHistory scans every blob reachable from the chosen commits, each
// distinct blob once, and says for each finding which commit introduced
// the blob and at which path.
//
// It walks `git log --reverse --topo-order --raw --no-renames
// --diff-merges=first-parent`: parents before children, every commit
// diffed against its first parent (a root against the empty tree), so
// every blob of every tree shows up at the commit that first brought it,
// merges included (a conflict resolution is a change against the first
// parent). The first time a blob appears it is sent, with that commit and
// path, to the workers, which read it from the pack files (or, for what
// the packs cannot give, `git cat-file --batch`) and scan it; later
// appearances are dropped. Memory is bounded by the set of blob names seen
// (20 bytes each, for SHA-1), the changes and parents recorded for
// grouping the leaks (modLog, commitGraph) and the findings: a blob is
// held by one worker at a time (up to 16 MiB from the packs, beside their
// 32 MiB cache of delta bases) or streamed through a fixed buffer, and the log
// is parsed as it comes.
func (r *Repo) ScanHistory(ctx context.Context, opts scanner.Options, h HistoryOptions) (*HistoryResult, error) {
	if err := scanner.ValidateGlobs(opts.Include); err != nil {
		return nil, err
	}
	if err := scanner.ValidateGlobs(opts.Exclude); err != nil {
		return nil, err
	}
	stashes := &lazyStashes{r: r}
	revs, err := r.logRevs(ctx, h, stashes)
	if err != nil {
		return nil, err
	}
	args := append(logCommand(), revs...)
	args = append(args, "--")
	args = append(args, pathspecs(h.Paths)...)

	progress := h.Progress
	if progress == nil {
		progress = &Progress{}
	}
	res := &HistoryResult{}
	var listed scanner.Stats
	var mods *modLog
	var graph *commitGraph
	if !h.AllOccurrences {
		mods = newModLog()
		if len(h.Revs) == 0 && len(h.Paths) == 0 {
			graph = newCommitGraph() // see commitGraph for why only then
		}
	}
	packs := r.openPacks(ctx)
	if packs != nil {
		defer packs.Close()
	}
	found, stats, err := r.scanBlobs(ctx, opts, progress, -1, packs, func(ctx context.Context, jobs chan<- blobJob) error {
		p, err := r.start(ctx, false, args...)
		if err != nil {
			return err
		}
		w := &logWalker{opts: &opts, jobs: jobs, stats: &listed, seen: newOIDSet(), progress: progress, mods: mods, graph: graph}
		perr := splitNUL(p.stdout, func(tok []byte) error { return w.token(ctx, tok) })
		if perr != nil && ctx.Err() != nil {
			perr = ctx.Err()
		}
		res.Commits = w.commits
		if err := finish(p, perr); err != nil || len(h.Revs) > 0 {
			return err
		}
		return r.feedRefObjects(ctx, w)
	})
	stats.Add(listed)
	stats.Sort()
	res.Stats = stats
	if err != nil || h.AllOccurrences {
		res.Findings = sortFindings(found, true)
		return res, err
	}
	res.Findings, err = r.groupLeaks(ctx, found, revs, mods, graph, stashes)
	return res, err
}

// logCommand is the git log that walks history for ScanHistory, before
// its revisions: see ScanHistory.
func logCommand() []string {
	return []string{"-c", "core.quotepath=false", "log", "--reverse", "--topo-order", "--raw", "-z",
		"--no-abbrev", "--no-renames", "--diff-merges=first-parent", "--root", "--no-show-signature",
		"--no-color", "--no-textconv", "--no-ext-diff", logFormat}
}

// logRevs turns the chosen revisions into git log's arguments: every ref
// when none is given, and the commits --since reaches left out.
func (r *Repo) logRevs(ctx context.Context, h HistoryOptions, stashes *lazyStashes) ([]string, error) {
	var args []string
	var stashRevs []string
	if len(h.Revs) == 0 {
		// Every ref, and every stash: refs/stash is only the newest, the
		// others are in its reflog.
		args = append(args, "--all")
		var err error
		if stashRevs, err = stashes.get(ctx); err != nil {
			return nil, err
		}
	}
	args = append(args, "--end-of-options")
	args = append(args, stashRevs...)
	for _, rev := range h.Revs {
		if strings.HasPrefix(rev, "-") {
			return nil, fmt.Errorf("%q is not a revision", rev)
		}
		args = append(args, rev)
	}
	if h.Since != "" {
		c, err := r.resolveCommit(ctx, h.Since)
		if err != nil {
			return nil, err
		}
		if c == "" {
			return nil, fmt.Errorf("%s: --since %s: no such commit", r.Name(), h.Since)
		}
		args = append(args, "^"+c)
	}
	return args, nil
}

// logWalker turns the tokens of the log into blob jobs.
type logWalker struct {
	opts     *scanner.Options
	jobs     chan<- blobJob
	stats    *scanner.Stats
	seen     *oidSet
	progress *Progress

	// visit, when set, is called with each diff entry instead of sending
	// its blob to the workers: the second walk of groupLeaks.
	visit func(c *scanner.Commit, e rawEntry) error
	// mods, when set, records every change that replaces or deletes a
	// blob: how groupLeaks finds removals without a second walk.
	mods *modLog
	// graph, when set, records every commit's parents: how groupLeaks
	// finds the refs reaching a leak without walking the graph again.
	graph *commitGraph

	commit  *scanner.Commit
	fields  int    // commit fields still to read after the hash
	head    []byte // the raw header whose path comes next
	commits int64
	seq     int64
}

func (w *logWalker) token(ctx context.Context, tok []byte) error {
	switch {
	case w.fields > 0:
		switch w.fields {
		case 4:
			if w.graph != nil {
				w.graph.add(w.commit.Hash, tok)
			}
		case 3:
			w.commit.Author = string(tok)
		case 2:
			w.commit.Email = string(tok)
		case 1:
			w.commit.Date = string(tok)
		}
		w.fields--
		return nil
	case w.head != nil:
		e, err := rawHeader(w.head)
		w.head = nil
		if err != nil {
			return err
		}
		e.path = string(tok)
		if w.visit != nil {
			return w.visit(w.commit, e)
		}
		return w.entry(ctx, e)
	}
	tok = bytes.TrimLeft(tok, "\n")
	switch {
	case len(tok) == 0:
		return nil
	case tok[0] == 1:
		w.commits++
		w.progress.Commits.Add(1)
		w.commit = &scanner.Commit{Hash: string(tok[1:])}
		if w.mods != nil {
			w.mods.commit(w.commit.Hash)
		}
		w.fields = 4
	case tok[0] == ':':
		if w.commit == nil {
			return fmt.Errorf("diff entry %q before any commit", tok)
		}
		w.head = append([]byte{}, tok...)
	default:
		return fmt.Errorf("unexpected log output %q", tok)
	}
	return nil
}

// entry sends the blob of a diff entry to the workers if it was not seen.
func (w *logWalker) entry(ctx context.Context, e rawEntry) error {
	if w.mods != nil {
		w.mods.change(e)
	}
	if e.status == 'D' {
		return nil
	}
	if !w.opts.Selected(e.path) {
		w.stats.Excluded++
		return nil
	}
	if !w.seen.add(e.dstOID) {
		return nil
	}
	switch {
	case e.dstMode == modeGitlink:
		w.stats.Skipped = append(w.stats.Skipped, scanner.Skip{Path: e.path, Reason: "submodule (gitlink) in " + short(w.commit.Hash)})
		return nil
	case e.dstMode == modeSymlink:
		w.stats.Skipped = append(w.stats.Skipped, scanner.Skip{Path: e.path, Reason: "symlink in " + short(w.commit.Hash)})
		return nil
	case !isFileMode(e.dstMode):
		return nil
	}
	w.seq++
	select {
	case w.jobs <- blobJob{oid: e.dstOID, path: e.path, seq: w.seq, commit: w.commit}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func short(h string) string { return h[:min(12, len(h))] }

// oidSet holds the object names seen, as bytes: 20 per SHA-1 name, 32 per
// SHA-256 name.
type oidSet struct {
	sha1   map[[20]byte]struct{}
	sha256 map[[32]byte]struct{}
	other  map[string]struct{}
}

func newOIDSet() *oidSet {
	return &oidSet{sha1: map[[20]byte]struct{}{}, sha256: map[[32]byte]struct{}{}, other: map[string]struct{}{}}
}

// add adds oid and reports whether it was new.
func (s *oidSet) add(oid string) bool {
	var b [32]byte
	n, err := 0, hex.ErrLength
	if len(oid) == 40 || len(oid) == 64 {
		n, err = hex.Decode(b[:], []byte(oid))
	}
	switch {
	case err == nil && n == 20:
		k := [20]byte(b[:20])
		if _, ok := s.sha1[k]; ok {
			return false
		}
		s.sha1[k] = struct{}{}
	case err == nil && n == 32:
		if _, ok := s.sha256[b]; ok {
			return false
		}
		s.sha256[b] = struct{}{}
	default:
		if _, ok := s.other[oid]; ok {
			return false
		}
		s.other[oid] = struct{}{}
	}
	return true
}

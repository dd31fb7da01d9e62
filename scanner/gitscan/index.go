package gitscan

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cudoscan/cudoscan/scanner"
)

// StagedResult is what ScanStaged found and what it looked at.
type StagedResult struct {
	scanner.Result
	// Entries counts the index entries considered: the staged changes
	// (deletions included), or with all the whole index.
	Entries int
	// Unmerged counts paths with unresolved merge conflicts.
	Unmerged int
	// Base is the commit the index was compared with; "" for the first
	// commit of a repository (every entry is new) and with all.
	Base string
}

// Git file modes in the index and in trees.
const (
	modeSymlink = "120000"
	modeGitlink = "160000"
)

// ScanStaged scans the content the next commit would hold: blobs from the
// index, never the work tree. By default it scans the staged changes, the
// entries that differ from HEAD as Open found it (all of them before the
// first commit); with all it scans every entry of the index. Paths are
// relative to the repository top.
//
// For a path with unresolved conflicts (a merge in progress), the commit
// cannot be made until it is resolved; ScanStaged scans both sides of the
// conflict ("ours" and "theirs", stages 2 and 3), since either may be what
// gets committed, and skips the common ancestor (stage 1), which is
// already in the history.
func (r *Repo) ScanStaged(ctx context.Context, opts scanner.Options, all bool) (*StagedResult, error) {
	if r.Bare {
		return nil, fmt.Errorf("%s: %w", r.Name(), ErrBare)
	}
	if err := scanner.ValidateGlobs(opts.Include); err != nil {
		return nil, err
	}
	if err := scanner.ValidateGlobs(opts.Exclude); err != nil {
		return nil, err
	}
	res := &StagedResult{}
	var listed scanner.Stats
	// Entries are listed before the scan starts: an index is small next to
	// its blobs, and a failing listing (a broken index) then fails the
	// command before anything is reported.
	var jobs []blobJob
	add := func(e indexEntry) {
		res.Entries++
		switch {
		case e.deleted:
			listed.Skipped = append(listed.Skipped, scanner.Skip{Path: e.path, Reason: "deleted"})
		case e.mode == modeGitlink:
			listed.Skipped = append(listed.Skipped, scanner.Skip{Path: e.path, Reason: "submodule (gitlink)"})
		case e.mode == modeSymlink:
			listed.Skipped = append(listed.Skipped, scanner.Skip{Path: e.path, Reason: "symlink"})
		case !isFileMode(e.mode):
			listed.Skipped = append(listed.Skipped, scanner.Skip{Path: e.path, Reason: "not a file (mode " + e.mode + ")"})
		case !opts.Selected(e.path):
			listed.Excluded++
		default:
			jobs = append(jobs, blobJob{oid: e.oid, path: e.path, seq: int64(len(jobs))})
		}
	}
	var err error
	if all {
		err = r.listIndex(ctx, false, add)
	} else {
		err = r.listStaged(ctx, res, add)
	}
	if err != nil {
		return nil, err
	}
	var found []seqFinding
	var stats scanner.Stats
	// With no blob to read (a commit that only deletes, or amends the
	// message), no cat-file is started.
	if len(jobs) > 0 {
		found, stats, err = r.scanBlobs(ctx, opts, nil, len(jobs), nil, func(ctx context.Context, ch chan<- blobJob) error {
			for _, j := range jobs {
				select {
				case ch <- j:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	stats.Add(listed)
	res.Findings, res.Stats = sortFindings(found, false), stats
	res.Stats.Sort()
	return res, err
}

// indexEntry is one entry to consider: a staged change or an index entry.
type indexEntry struct {
	mode, oid, path string
	deleted         bool
}

func isFileMode(m string) bool { return m == "100644" || m == "100755" || m == "100664" }

// listStaged lists the staged changes: `git diff-index --cached` against
// HEAD, or against the empty tree before the first commit. Renames are
// not detected: a renamed file is scanned at its new path (its name is
// context for the detector) and its old path counts as deleted. Unmerged
// paths come from `git ls-files --unmerged`.
func (r *Repo) listStaged(ctx context.Context, res *StagedResult, add func(indexEntry)) error {
	base, err := r.headCommit(ctx)
	if err != nil {
		return err
	}
	res.Base = base
	if base == "" {
		if base, err = r.emptyTree(ctx); err != nil {
			return err
		}
	}
	p, err := r.start(ctx, false, "-c", "core.quotepath=false", "diff-index", "--cached", "-z", "--raw", "--no-renames", "--no-abbrev", "--ignore-submodules=none", base, "--")
	if err != nil {
		return err
	}
	unmerged := false
	perr := parseRaw(p.stdout, func(e rawEntry) error {
		switch e.status {
		case 'U':
			unmerged = true
			res.Unmerged++
		case 'D':
			add(indexEntry{mode: e.srcMode, oid: e.srcOID, path: e.path, deleted: true})
		case 'A', 'M', 'T':
			add(indexEntry{mode: e.dstMode, oid: e.dstOID, path: e.path})
		default:
			return fmt.Errorf("unexpected status %q for %q", e.status, e.path)
		}
		return nil
	})
	if err := finish(p, perr); err != nil {
		return err
	}
	if unmerged {
		return r.listIndex(ctx, true, add)
	}
	return nil
}

// listIndex lists the index (`git ls-files --stage`), or only its
// unmerged entries. Stage 1 (the common ancestor of a conflict) is left
// out; stages 2 and 3 of a path are listed once each when they differ.
func (r *Repo) listIndex(ctx context.Context, unmergedOnly bool, add func(indexEntry)) error {
	args := []string{"-c", "core.quotepath=false", "ls-files", "-z", "--stage"}
	if unmergedOnly {
		args = append(args, "--unmerged")
	}
	p, err := r.start(ctx, false, args...)
	if err != nil {
		return err
	}
	var lastPath, lastOID string
	perr := splitNUL(p.stdout, func(tok []byte) error {
		// "<mode> <oid> <stage>\t<path>"
		meta, path, ok := bytes.Cut(tok, []byte{'\t'})
		f := strings.Fields(string(meta))
		if !ok || len(f) != 3 {
			return fmt.Errorf("unexpected ls-files entry %q", tok)
		}
		mode, oid, stage, p := f[0], f[1], f[2], string(path)
		if stage == "1" || (p == lastPath && oid == lastOID) {
			return nil
		}
		lastPath, lastOID = p, oid
		add(indexEntry{mode: mode, oid: oid, path: p})
		return nil
	})
	return finish(p, perr)
}

// finish waits for a git command whose output was parsed; a parse error
// names the command.
func finish(p *proc, parseErr error) error {
	if parseErr != nil {
		io.Copy(io.Discard, p.stdout)
		p.wait()
		return p.wrap(parseErr)
	}
	return p.wait()
}

// rawEntry is one line of git's --raw diff output.
type rawEntry struct {
	srcMode, dstMode, srcOID, dstOID string
	status                           byte
	path                             string
}

// parseRaw parses `--raw -z` output without commit headers:
// ":<srcmode> <dstmode> <srcoid> <dstoid> <status>\0<path>\0".
func parseRaw(rd io.Reader, fn func(rawEntry) error) error {
	var head []byte
	return splitNUL(rd, func(tok []byte) error {
		if head == nil {
			head = append([]byte{}, tok...)
			return nil
		}
		e, err := rawHeader(head)
		head = nil
		if err != nil {
			return err
		}
		e.path = string(tok)
		return fn(e)
	})
}

// rawHeader parses ":<srcmode> <dstmode> <srcoid> <dstoid> <status>".
func rawHeader(h []byte) (rawEntry, error) {
	h = bytes.TrimLeft(h, "\n")
	f := strings.Fields(string(bytes.TrimPrefix(h, []byte{':'})))
	if len(h) == 0 || h[0] != ':' || len(f) != 5 || f[4] == "" {
		return rawEntry{}, fmt.Errorf("unexpected diff entry %q", h)
	}
	return rawEntry{srcMode: f[0], dstMode: f[1], srcOID: f[2], dstOID: f[3], status: f[4][0]}, nil
}

// maxToken bounds one NUL-terminated field of git output (a path, a
// header, an author name).
const maxToken = 1 << 20

// splitNUL calls fn for every NUL-terminated token of rd; the token is
// valid only during the call.
func splitNUL(rd io.Reader, fn func([]byte) error) error {
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64<<10), maxToken)
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	for sc.Scan() {
		if err := fn(sc.Bytes()); err != nil {
			return err
		}
	}
	return sc.Err()
}

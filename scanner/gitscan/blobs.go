package gitscan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/gitpack"
	"github.com/cudoscan/cudoscan/scanner"
)

// blobJob is one blob to scan, under the path it is reported at.
type blobJob struct {
	oid    string
	path   string
	seq    int64           // order of discovery: ties in the output are broken by it
	commit *scanner.Commit // history: the commit that introduced the blob
	ref    string          // history: the ref that reaches the blob without a commit (a tag to a blob)
}

// Progress counts what a scan has done so far; a display may read it
// while the scan runs.
type Progress struct {
	Commits atomic.Int64 // commits walked (history)
	Blobs   atomic.Int64 // blobs scanned
	Bytes   atomic.Int64 // bytes scanned
}

// seqFinding is a finding with the discovery order and name of its blob.
type seqFinding struct {
	f   scanner.Finding
	seq int64
	oid string
	ref string // blobJob.ref
}

// commitHash is the hash of the commit the finding's blob came in, or "".
func (x seqFinding) commitHash() string {
	if x.f.Commit == nil {
		return ""
	}
	return x.f.Commit.Hash
}

// blobWorker reads blobs and scans them as they stream in, with its own
// buffer: workers share nothing while they run but the pack reader's
// cache, and decompression runs in parallel too. A blob comes from the
// pack reader when it holds it, or else from the worker's own
// `git cat-file --batch`, started when the first such blob comes.
type blobWorker struct {
	repo     *Repo
	opts     *scanner.Options
	stream   *scanner.StreamScanner
	packs    *gitpack.Store // nil: every blob from cf
	cf       *catFile       // pipelined; nil until a blob needs it
	fallback *catFile       // for a packed blob the reader could not build; nil until one is
	findings []seqFinding
	stats    scanner.Stats
	progress *Progress
}

// pipelineDepth is how many requests a worker sends ahead of the answer
// it is reading, so that git is never idle while we scan.
const pipelineDepth = 32

// blobsPerWorker is how many blobs it takes for one more worker, and its
// cat-file process, to pay for its start. Measured with cudoscan staged
// on files of about 300 bytes, on 2 CPUs: up to 64 blobs one worker is as
// fast as two or faster (11.7 against 13.4 ms for 10 blobs, 15.1 against
// 16.8 ms for 64); from 100 on two are faster (17.4 against 18.8 ms, and
// 49 against 65 ms for 1,000).
const blobsPerWorker = 64

// workersFor returns how many workers scan blobs blobs, -1 when that is
// not known before the scan starts (history): as many as jobs allows, but
// no more than one per blobsPerWorker, and at least one.
func workersFor(jobs, blobs int) int {
	if blobs < 0 {
		return jobs
	}
	return max(1, min(jobs, (blobs+blobsPerWorker-1)/blobsPerWorker))
}

// scanBlobs scans the blobs that jobs delivers with up to opts.Jobs
// workers and returns the findings, ordered, and the stats. blobs is how
// many feed sends, or -1 when it does not know in advance. packs, when
// not nil, serves the blobs it holds (see openPacks); without it every
// worker starts its cat-file at once, so that a git that cannot start
// fails the scan before feed runs. feed runs in its own goroutine, sends
// to jobs and must return when ctx is done; its error ends the scan.
// Whatever was scanned is returned with an error too.
func (r *Repo) scanBlobs(ctx context.Context, opts scanner.Options, progress *Progress, blobs int, packs *gitpack.Store, feed func(ctx context.Context, jobs chan<- blobJob) error) ([]seqFinding, scanner.Stats, error) {
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.GOMAXPROCS(0)
	}
	if progress == nil {
		progress = &Progress{}
	}
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	workers := make([]*blobWorker, workersFor(opts.Jobs, blobs))
	for i := range workers {
		workers[i] = &blobWorker{repo: r, opts: &opts, stream: scanner.NewStreamScanner(opts), packs: packs, progress: progress}
		if packs != nil {
			continue
		}
		cf, err := r.startCatFile(ctx)
		if err != nil {
			cancel(err)
			for _, w := range workers[:i] {
				w.cf.close()
			}
			return nil, scanner.Stats{}, err
		}
		workers[i].cf = cf
	}

	jobs := make(chan blobJob, 4*pipelineDepth*len(workers))
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(jobs)
		if err := feed(ctx, jobs); err != nil {
			cancel(err)
		}
	})
	for _, w := range workers {
		wg.Go(func() {
			if err := w.run(ctx, jobs); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()

	var stats scanner.Stats
	var found []seqFinding
	for _, w := range workers {
		found = append(found, w.findings...)
		stats.Add(w.stats)
	}
	if err := parent.Err(); err != nil {
		return found, stats, err // interrupted: what failed after that does not matter
	}
	return found, stats, context.Cause(ctx)
}

// pendingBlob is a job on its way from a worker's writer to its reader:
// packed when the pack reader is to build it, else its request has gone
// to cat-file.
type pendingBlob struct {
	blobJob
	packed gitpack.Object // where the packs hold the blob, if they do
}

// run sends requests from jobs to cat-file ahead of the answers it reads.
// It returns on the first error of git, after draining jobs, so that the
// feeder is never blocked.
func (w *blobWorker) run(ctx context.Context, jobs <-chan blobJob) error {
	pending := make(chan pendingBlob, pipelineDepth)
	writeErr := make(chan error, 1)
	go func() {
		defer close(pending)
		var err error
		flush := func() {
			if err == nil && w.cf != nil {
				err = w.cf.flush()
			}
		}
		for {
			// Flush before any wait: a request left in the buffer while we
			// wait would never be answered, and the reader would wait too.
			var j blobJob
			var ok bool
			select {
			case j, ok = <-jobs:
			default:
				flush()
				j, ok = <-jobs
			}
			if !ok {
				break
			}
			if err != nil || ctx.Err() != nil {
				continue // drain
			}
			next := pendingBlob{blobJob: j}
			if w.packs != nil {
				next.packed = w.packs.Find(oidBytes(j.oid))
			}
			if !next.packed.Found() {
				if w.cf == nil {
					// The reader sees cf set: it learns of this blob
					// through pending, after.
					if w.cf, err = w.repo.startCatFile(ctx); err != nil {
						continue
					}
				}
				if err = w.cf.request(j.oid); err != nil {
					continue
				}
			}
			select {
			case pending <- next:
			default:
				if flush(); err == nil {
					pending <- next
				}
			}
		}
		if err == nil && w.cf != nil {
			err = w.cf.closeInput()
		}
		writeErr <- err
	}()
	var readErr error
	for j := range pending {
		if readErr != nil || ctx.Err() != nil {
			continue // drain
		}
		if j.packed.Found() {
			readErr = w.scanPacked(ctx, j)
		} else {
			readErr = w.scanAnswer(ctx, w.cf, j.blobJob)
		}
	}
	werr := <-writeErr
	if readErr == nil {
		readErr = w.closeFallback()
	}
	if readErr != nil {
		w.closeAll()
		return readErr
	}
	if ctx.Err() != nil {
		w.closeAll()
		return nil
	}
	if w.cf == nil {
		return werr // a cat-file that did not start
	}
	if err := w.cf.close(); err != nil {
		return err
	}
	if werr != nil {
		return w.cf.p.wrap(fmt.Errorf("sending requests: %w", werr))
	}
	return nil
}

// closeAll ends the worker's git processes, whatever state they are in.
func (w *blobWorker) closeAll() {
	for _, cf := range []*catFile{w.cf, w.fallback} {
		if cf != nil {
			cf.close()
		}
	}
}

// closeFallback ends the fallback cat-file, if it was started, and
// returns how it exited.
func (w *blobWorker) closeFallback() error {
	if w.fallback == nil {
		return nil
	}
	cf := w.fallback
	w.fallback = nil
	if err := cf.closeInput(); err != nil {
		cf.close()
		return cf.p.wrap(err)
	}
	return cf.close()
}

// scanPacked builds the blob from the packs and scans it. What the pack
// reader cannot build (a base outside the packs, a blob over its bound, a
// damaged pack) is asked of git, which has the last word on it.
func (w *blobWorker) scanPacked(ctx context.Context, j pendingBlob) error {
	typ, data, owned, err := w.packs.ReadOwned(j.packed)
	if err != nil {
		if w.fallback == nil {
			if w.fallback, err = w.repo.startCatFile(ctx); err != nil {
				return err
			}
		}
		if err := w.fallback.request(j.oid); err != nil {
			return w.fallback.fail(err)
		}
		if err := w.fallback.flush(); err != nil {
			return w.fallback.fail(err)
		}
		return w.scanAnswer(ctx, w.fallback, j.blobJob)
	}
	err = w.scanObject(ctx, j.blobJob, typ, scanner.Input{Data: data})
	if owned {
		// Nothing the scan returns refers to data: findings copy what
		// they report.
		w.packs.Recycle(data)
	}
	if err != nil {
		return fmt.Errorf("reading blob %s (%s) from %s: %w", j.oid, j.path, w.repo.Name(), err)
	}
	return nil
}

// scanAnswer reads cat-file's answer for j and scans it. Problems with
// the blob itself go to the stats; a returned error means git failed.
func (w *blobWorker) scanAnswer(ctx context.Context, cf *catFile, j blobJob) error {
	typ, size, missing, err := cf.header()
	if err != nil {
		return err
	}
	if missing {
		w.stats.Errors = append(w.stats.Errors, scanner.FileError{Path: j.path, Err: "blob " + j.oid + " is missing from the repository (a partial or damaged clone?)"})
		return nil
	}
	// Blobs of any size are scanned: a blob is streamed in chunks, so
	// memory stays bounded, and a hook that let a large file through
	// unread would pass the very commit it exists to stop.
	// --max-file-size bounds walked files only.
	body := cf.body(size)
	if err := w.scanObject(ctx, j, typ, scanner.Input{R: body, Size: size}); err != nil {
		return cf.fail(fmt.Errorf("reading blob %s (%s): %w", j.oid, j.path, err))
	}
	return cf.next(body)
}

// scanObject scans the object j names, of type typ, in in. It returns an
// error only when reading in fails.
func (w *blobWorker) scanObject(ctx context.Context, j blobJob, typ string, in scanner.Input) error {
	if typ != "blob" {
		w.stats.Errors = append(w.stats.Errors, scanner.FileError{Path: j.path, Err: j.oid + " is a " + typ + ", not a blob"})
		return nil
	}
	found := scanner.NewFindingCap(w.opts.MaxFindingsPerFile)
	// An archive blob is unpacked as a stream: a zip, held in memory
	// within the archive bounds (see scanner.ArchiveLimits).
	in.Ctx, in.Path = ctx, j.path
	n, err := w.stream.ScanInput(in, func(f scanner.Finding) {
		f.Commit = j.commit
		found.Add(f)
	}, func(s scanner.Skip) { w.stats.Skipped = append(w.stats.Skipped, s) })
	for _, f := range found.Findings() {
		w.findings = append(w.findings, seqFinding{f: f, seq: j.seq, oid: j.oid, ref: j.ref})
	}
	switch {
	case errors.Is(err, scanner.ErrBinary):
		w.stats.Skipped = append(w.stats.Skipped, scanner.Skip{Path: j.path, Reason: "binary"})
	case errors.Is(err, scanner.ErrSkipped):
		// Said why, through the skip function.
	case err != nil && ctx.Err() != nil:
		// Interrupted inside the blob: what was read of it was scanned,
		// and its findings are printed, so it is counted (the summary
		// says the results are partial).
		w.stats.Files++
		w.stats.Bytes += n
	case err != nil:
		return err
	default:
		w.stats.Files++
		w.stats.Bytes += n
		w.progress.Blobs.Add(1)
		w.progress.Bytes.Add(n)
	}
	return nil
}

// sortFindings orders findings by path, position and rule, ties broken by
// discovery order (staged), or by discovery order first (history: oldest
// commit first).
func sortFindings(fs []seqFinding, seqFirst bool) []scanner.Finding {
	slices.SortStableFunc(fs, func(a, b seqFinding) int {
		if seqFirst && a.seq != b.seq {
			return cmp.Compare(a.seq, b.seq)
		}
		return cmp.Or(finding.Compare(a.f, b.f), cmp.Compare(a.seq, b.seq))
	})
	out := make([]scanner.Finding, len(fs))
	for i := range fs {
		out[i] = fs[i].f
	}
	return out
}

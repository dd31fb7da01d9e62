package scanner

import (
	"context"
	"errors"
	"io"
	"io/fs"

	"github.com/sourcegraph/conc/pool"
)

// Scan scans the roots (directories or files) and returns every finding,
// in a deterministic order (root, path, line, column, rule), with the
// stats. Files that cannot be read are recorded in Stats.Errors and the scan
// goes on. When ctx is cancelled Scan stops soon and returns what it found
// so far along with ctx.Err().
func Scan(ctx context.Context, roots []string, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	if err := ValidateGlobs(opts.Include); err != nil {
		return nil, err
	}
	if err := ValidateGlobs(opts.Exclude); err != nil {
		return nil, err
	}
	jobs := make(chan []job, 4*opts.Jobs)
	workers := make([]*worker, opts.Jobs)
	p := pool.New().WithMaxGoroutines(opts.Jobs + 1)
	for i := range workers {
		w := newWorker(&opts, roots)
		workers[i] = w
		p.Go(func() { w.run(ctx, jobs) })
	}
	var walked Stats
	p.Go(func() {
		defer close(jobs)
		(&walker{opts: &opts, roots: roots, jobs: jobs, stats: &walked, visited: map[fileID]bool{}}).walk(ctx)
	})
	p.Wait()

	res := &Result{Stats: walked}
	for _, w := range workers {
		res.Findings = append(res.Findings, w.findings...)
		res.Stats.Add(w.stats)
	}
	SortFindings(res.Findings)
	res.Stats.Sort()
	return res, ctx.Err()
}

// ScanReader scans one stream, such as stdin, under the given display name.
func ScanReader(ctx context.Context, r io.Reader, name string, opts Options) (*Result, error) {
	res := &Result{}
	s := NewStreamScanner(opts)
	found := NewFindingCap(opts.MaxFindingsPerFile)
	n, err := s.ScanInput(Input{Ctx: ctx, R: &interruptible{ctx: ctx, r: r}, Size: -1, Path: name}, found.Add, func(x Skip) {
		res.Stats.Skipped = append(res.Stats.Skipped, x)
	})
	res.Findings = found.Findings()
	switch {
	case errors.Is(err, ErrBinary):
		res.Stats.Skipped = append(res.Stats.Skipped, Skip{Path: name, Reason: "binary"})
	case errors.Is(err, ErrSkipped):
		// Said why, through the skip function.
	case err != nil && ctx.Err() != nil:
		// Interrupted: what was read was scanned, and is reported as such.
		if n > 0 {
			res.Stats.Files, res.Stats.Bytes = 1, n
		}
	case err != nil:
		res.Stats.Errors = append(res.Stats.Errors, FileError{Path: name, Err: describeErr(err)})
	default:
		res.Stats.Files, res.Stats.Bytes = 1, n
	}
	return res, ctx.Err()
}

// worker scans files from the jobs channel with its own buffer and keeps
// its own results, so workers share nothing while they run.
type worker struct {
	opts     *Options
	roots    []string
	stream   *StreamScanner
	findings []Finding
	stats    Stats

	// The file being scanned: its findings, and the root set on each.
	// add and skipped are bound once, as closures made for each file
	// would cost an allocation each.
	found   FindingCap
	root    string
	add     func(Finding)
	skipped func(Skip)
	file    sizedFile // the file open, reused (openRegular)
}

func newWorker(opts *Options, roots []string) *worker {
	w := &worker{opts: opts, roots: roots, stream: NewStreamScanner(*opts)}
	w.add = func(x Finding) {
		x.Root = w.root
		w.found.Add(x)
	}
	w.skipped = func(x Skip) { w.stats.Skipped = append(w.stats.Skipped, x) }
	return w
}

func (w *worker) run(ctx context.Context, jobs <-chan []job) {
	for batch := range jobs {
		for _, j := range batch {
			if ctx.Err() != nil {
				break // drain, so the walker is never blocked
			}
			w.scanFile(ctx, j)
		}
	}
}

// notOpened records why the file of j was not opened: skipped on purpose,
// deleted since the walk listed it, or an error.
func (w *worker) notOpened(j job, err error) {
	var skip errSkip // on the heap (errors.As takes its address): here, not on every file's path
	switch {
	case errors.As(err, &skip):
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: j.relPath, Reason: skip.reason})
	case errors.Is(err, fs.ErrNotExist) && !j.named:
		// Listed by the walk, gone when opened.
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: j.relPath, Reason: reasonDeleted})
	default:
		w.stats.Errors = append(w.stats.Errors, FileError{Path: j.relPath, Err: describeErr(err)})
	}
}

func (w *worker) scanFile(ctx context.Context, j job) {
	limit := w.opts.MaxFileSize
	if j.named {
		limit = 0
	}
	hook("open", j.osPath)
	f := &w.file
	size, err := openRegular(j.osPath, limit, f)
	if err != nil {
		w.notOpened(j, err)
		return
	}
	hook("opened", j.osPath)
	defer f.Close()
	w.root = w.roots[j.root]
	if j.named {
		w.root = "" // a file argument is its own path
	}
	found := &w.found
	found.reset(w.opts.MaxFindingsPerFile)
	var n int64
	segmented := size >= segmentMin && w.opts.Jobs > 1
	if segmented {
		head := make([]byte, min(size, sniffLen))
		var k int
		k, err = f.ReadAt(head, 0)
		if errors.Is(err, io.EOF) {
			err = nil // the file shrank since it was opened
		}
		switch {
		case err != nil:
		case w.opts.ArchiveDepth > 0 && sniffArchive(head[:k]) != notArchive:
			// An archive is unpacked entry by entry, from the start.
			segmented = false
		default:
			switch sniffText(head[:k]) {
			case kindBinary:
				err = ErrBinary
			case kindUTF16LE, kindUTF16BE:
				// Transcoding is sequential: stream it from the start.
				segmented = false
			}
		}
	}
	if segmented {
		if err == nil {
			n = size
			var all []Finding
			var more int
			all, more, err = scanSegments(ctx, f, size, j.relPath, w.opts)
			for _, x := range all {
				w.add(x)
			}
			found.addDropped(more)
		}
	} else if err == nil {
		n, err = w.stream.ScanInput(Input{Ctx: ctx, R: f, At: f, Size: size, Path: j.relPath}, w.add, w.skipped)
	}
	switch {
	case errors.Is(err, ErrBinary):
		w.stats.Skipped = append(w.stats.Skipped, Skip{Path: j.relPath, Reason: "binary"})
		return
	case errors.Is(err, ErrSkipped):
		return // said why, through the skip function
	case err != nil && ctx.Err() != nil:
		// Interrupted: keep what was found in the part that was read.
	case err != nil:
		// Report what was found before the error: those bytes were read.
		w.stats.Errors = append(w.stats.Errors, FileError{Path: j.relPath, Err: describeErr(err)})
	default:
		w.stats.Files++
	}
	w.stats.Bytes += n
	w.findings = append(w.findings, found.Findings()...)
}

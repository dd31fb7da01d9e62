package scanner

import (
	"context"
	"errors"
	"io"
	"sort"

	"github.com/sourcegraph/conc/pool"

	"github.com/cudoscan/cudoscan/internal/ctxio"
	"github.com/cudoscan/cudoscan/rules"
)

// segmentMin is the smallest file scanned by segments in parallel; smaller
// files are read start to end by one worker.
const segmentMin = 8 << 20

// segmentResult is what one segment of a large file yielded.
type segmentResult struct {
	from, to  int64
	findings  []marked // Line is relative to the segment: 0 is its first, partial line
	mentioned bool     // the segment (with its overlap) mentions CUDO
	breaks    int      // line breaks in [from, to)
	lastStart int64    // absolute start of the line in progress at to; -1 if no break in the segment

	// dropped counts the findings past the per-file cap that the segment
	// did not keep; droppedIfMention and droppedUnlessMention those that
	// hold only if the file mentions CUDO, or only if it does not.
	dropped, droppedIfMention, droppedUnlessMention int
}

// scanSegments scans a large file as segments read in parallel with
// positioned reads, so that one big file keeps every core busy. Each
// segment reads the overlap around it for context and reports only the
// matches that start inside it. Line numbers are made absolute afterwards,
// from the line breaks each segment counted.
//
// Unlike a start-to-end stream, it knows the whole file before it decides:
// a segment that does not mention CUDO is scanned as if the file did
// (rules.Hint.FileMentionUnknown), and the findings that need it are kept
// only if another segment does. One pass: a file whose mention sits in
// one segment of eight is not read twice.
//
// It returns the findings, at most one past the per-file cap for each
// segment (so that the first finding past the cap is among them), and how
// many more there were.
func scanSegments(ctx context.Context, f io.ReaderAt, size int64, path string, opts *Options) ([]Finding, int, error) {
	segSize := max(4*int64(opts.ChunkSize), size/int64(4*opts.Jobs))
	var segs []*segmentResult
	for from := int64(0); from < size; from += segSize {
		segs = append(segs, &segmentResult{from: from, to: min(size, from+segSize)})
	}
	if err := runSegments(ctx, f, size, path, opts, segs); err != nil {
		return nil, 0, err
	}
	anyMention := false
	for _, s := range segs {
		anyMention = anyMention || s.mentioned
	}
	more := 0
	for _, s := range segs {
		more += s.dropped
		if anyMention {
			more += s.droppedIfMention
		} else {
			more += s.droppedUnlessMention
		}
		kept := s.findings[:0]
		for _, x := range s.findings {
			if x.settle(anyMention) {
				kept = append(kept, x)
			}
		}
		s.findings = kept
	}
	return placeSegments(segs), more, nil
}

// runSegments scans segs in parallel, filling their results.
func runSegments(ctx context.Context, f io.ReaderAt, size int64, path string, opts *Options, segs []*segmentResult) error {
	limit := maxFindings(opts.MaxFindingsPerFile)
	p := pool.New().WithErrors().WithContext(ctx).WithMaxGoroutines(opts.Jobs)
	for _, seg := range segs {
		p.Go(func(ctx context.Context) error {
			base := max(0, seg.from-overlap)
			r := io.NewSectionReader(f, base, min(size, seg.to+overlap)-base)
			lines := rules.LineCounter{Pos: seg.from, LineStart: seg.from}
			if seg.from > 0 {
				var prev [1]byte
				_, err := f.ReadAt(prev[:], seg.from-1)
				if errors.Is(err, io.EOF) {
					// The file shrank since it was opened: the segment
					// is past its end, and holds nothing.
					seg.findings, seg.breaks, seg.lastStart = nil, 0, -1
					return nil
				}
				if err != nil {
					return err
				}
				lines.CR = prev[0] == '\r'
			}
			s := NewStreamScanner(*opts)
			res, err := s.scanRange(ctxio.Reader(ctx, r), rangeSpec{path: path, base: base, from: seg.from, to: seg.to,
				mentionUnknown: true, lines: lines}, func(x marked) {
				switch {
				case limit < 0 || len(seg.findings) <= limit:
					seg.findings = append(seg.findings, x)
				case x.needsFileMention:
					seg.droppedIfMention++
				case x.unlessFileMention:
					seg.droppedUnlessMention++
				default:
					seg.dropped++
				}
			})
			s.release()
			if err != nil {
				return err
			}
			seg.mentioned = res.mentioned
			seg.breaks = res.lines.Line
			seg.lastStart = -1
			if res.lines.Line > 0 {
				seg.lastStart = res.lines.LineStart
			}
			return nil
		})
	}
	return p.Wait()
}

// placeSegments turns segment-relative lines into absolute ones: a finding
// on a segment's first, partial line continues the line in progress where
// the segment starts, so its columns shift by that line's earlier bytes.
func placeSegments(segs []*segmentResult) []Finding {
	var out []Finding
	line := 1               // line number at the start of the current segment
	var lineStart int64 = 0 // absolute start of that line
	for _, s := range segs {
		shift := int(s.from - lineStart)
		for _, f := range s.findings {
			if f.Line == 0 {
				f.Column += shift
				if f.EndLine == 0 {
					f.EndColumn += shift
				}
			}
			f.Line += line
			f.EndLine += line
			out = append(out, f.Finding)
		}
		line += s.breaks
		if s.lastStart >= 0 {
			lineStart = s.lastStart
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}

package scanner

import "fmt"

// DefaultMaxFindingsPerFile bounds the findings kept for one file. A file
// of a million directives or digests would otherwise hold a million
// findings in memory (about 2.5 KB each, with their output) for a report no
// one reads past the first screen.
const DefaultMaxFindingsPerFile = 1000

// FindingCap keeps the first max findings of one file and counts the rest,
// which one closing finding then stands for: the report says that it is
// cut, and where the cut starts.
type FindingCap struct {
	max     int // < 0: no limit
	kept    []Finding
	dropped int
	first   Finding // the first finding dropped
}

// NewFindingCap returns a cap of max findings (see Options.MaxFindingsPerFile).
func NewFindingCap(max int) *FindingCap { return &FindingCap{max: maxFindings(max)} }

// reset empties c for the next file, keeping its storage: a worker holds
// one cap for all its files. The findings it returned are the caller's to
// copy first.
func (c *FindingCap) reset(max int) { *c = FindingCap{max: maxFindings(max), kept: c.kept[:0]} }

// maxFindings is the limit that Options.MaxFindingsPerFile n stands for:
// 0 is the default, a negative value no limit.
func maxFindings(n int) int {
	if n == 0 {
		return DefaultMaxFindingsPerFile
	}
	return n
}

// Add keeps f, or counts it once the file has max findings. Suppressed
// findings count too: they cost the same memory.
func (c *FindingCap) Add(f Finding) {
	if c.max < 0 || len(c.kept) < c.max {
		c.kept = append(c.kept, f)
		return
	}
	if c.dropped == 0 {
		c.first = f
	}
	c.dropped++
}

// addDropped counts n findings dropped before they reached the cap (by
// the segments of a large file, which keep one past the cap each, so that
// the first dropped finding has been added).
func (c *FindingCap) addDropped(n int) { c.dropped += n }

// Findings returns the kept findings and, when some were dropped, one
// more at the first dropped one's place that says how many were not listed.
func (c *FindingCap) Findings() []Finding {
	if c.dropped == 0 {
		return c.kept
	}
	more := c.first
	more.Secret, more.Encoding = "", "" // the message stands for many findings, not this one
	more.Suppressed, more.SuppressReason, more.SuppressedBy = false, "", ""
	more.Message = fmt.Sprintf("%d more findings in this file from here on are not listed (--max-findings-per-file %d): a file this dense is generated or an attack; scan it alone with --max-findings-per-file 0 to list them all", c.dropped, c.max)
	return append(c.kept, more)
}

package scanner

import "github.com/cudoscan/cudoscan/finding"

// The types of a scan's outcome live in package finding, so that what
// reports or records findings (report, baseline) needs no walker; they are
// named here too, where they are produced.
type (
	// Finding is one match of the core, placed in a file.
	Finding = finding.Finding
	// Commit says which commit introduced a blob that holds a finding.
	Commit = finding.Commit
	// Stats says what a scan read and what it could not.
	Stats = finding.Stats
	// Skip is a file that was deliberately not scanned.
	Skip = finding.Skip
	// FileError is a file that could not be scanned.
	FileError = finding.FileError
)

// What suppressed a finding (Finding.SuppressedBy).
const (
	SuppressedInline     = finding.SuppressedInline
	SuppressedByBaseline = finding.SuppressedByBaseline
	SuppressedByConfig   = finding.SuppressedByConfig
)

// SortFindings orders findings by displayed path, position, rule and kind:
// the order every output uses.
func SortFindings(fs []Finding) { finding.Sort(fs) }

// reasonGitDir is the skip reason of a .git directory in a walked tree.
const reasonGitDir = "git directory (its history: cudoscan history)"

// Result is the outcome of a scan: the findings in a deterministic order,
// and the stats.
type Result struct {
	Findings []Finding
	Stats    Stats
}

// marked is a finding with the marks it carries while a stream or the
// segments of a large file are scanned: it holds only if another part of
// the file mentions CUDO, or only if none does (rules.Match.NeedsFileMention,
// UnlessFileMention).
type marked struct {
	Finding
	needsFileMention, unlessFileMention bool
}

// settle says whether a finding holds once it is known whether the file
// mentions CUDO.
func (f *marked) settle(mentioned bool) bool {
	return !(f.needsFileMention && !mentioned) && !(f.unlessFileMention && mentioned)
}

// pending reports whether a finding waits for the end of its file.
func (f *marked) pending() bool { return f.needsFileMention || f.unlessFileMention }

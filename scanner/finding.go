package scanner

import "github.com/cudoscan/cudoscan/rules"

// Finding is one match of the core, placed in a file.
type Finding struct {
	RuleID     string
	Kind       string
	Severity   rules.Severity
	Confidence rules.Confidence
	Message    string

	// Root is the scan root as given on the command line ("" for stdin and
	// for git modes); Path is slash-separated and relative to Root, or the
	// file argument itself when the root is a file.
	Root string
	Path string
	// Line and Column are 1-based; columns count bytes, as go/token does.
	Line, Column       int
	EndLine, EndColumn int

	// Secret is the credential, if the finding carries one. Output must
	// redact it unless the user asks otherwise.
	Secret string

	// MatchSHA256 is the hex SHA-256 of the bytes the finding covers. It
	// identifies a finding that carries no secret (a malformed header, a
	// directive) across runs without a line number or the text itself:
	// baselines and SARIF fingerprints use it.
	MatchSHA256 string

	// Encoding is set when the finding was inside an encoded value (base64,
	// hex, percent-encoding, escapes): the encodings, outermost first,
	// joined by ">" ("base64>percent"). The position is the encoded
	// value's; Secret is the decoded key.
	Encoding string

	Suppressed     bool
	SuppressReason string
	// SuppressedBy says what suppressed the finding, when Suppressed is
	// set: SuppressedInline (the zero value), SuppressedByBaseline or
	// SuppressedByConfig.
	SuppressedBy string

	// Commit is set by the git history mode: where the finding came from.
	Commit *Commit

	// needsFileMention and unlessFileMention mark, while a stream or the
	// segments of a large file are scanned, a finding that holds only if
	// another part of the file mentions CUDO, or only if none does
	// (rules.Match.NeedsFileMention, UnlessFileMention).
	needsFileMention, unlessFileMention bool
}

// What suppressed a finding (Finding.SuppressedBy).
const (
	SuppressedInline     = ""         // a cudoscan:allow directive in the file
	SuppressedByBaseline = "baseline" // an entry of a baseline file
	SuppressedByConfig   = "config"   // an allow entry of the configuration file
)

// DisplayPath is the path a finding is shown under: the root joined with
// the path, as the user would type it from the working directory.
func (f Finding) DisplayPath() string {
	switch f.Root {
	case "", ".", "./":
		return f.Path
	}
	if f.Root[len(f.Root)-1] == '/' {
		return f.Root + f.Path
	}
	return f.Root + "/" + f.Path
}

// Commit says which commit introduced a blob that holds a finding.
type Commit struct {
	Hash   string
	Author string
	Email  string
	Date   string // RFC 3339
}

// Stats says what a scan read and what it could not.
type Stats struct {
	Files    int64 // files (or blobs) scanned
	Bytes    int64 // bytes scanned
	Excluded int64 // files left out by --include/--exclude
	Skipped  []Skip
	Errors   []FileError
}

// reasonGitDir is the skip reason of a .git directory in a walked tree.
const reasonGitDir = "git directory (its history: cudoscan history)"

// Skip is a file that was deliberately not scanned.
type Skip struct {
	Path   string
	Reason string // "binary", "too large (N bytes)", "fifo", "symlink", ...
}

// FileError is a file that could not be scanned.
type FileError struct {
	Path string
	Err  string
}

// Result is the outcome of a scan: the findings in a deterministic order,
// and the stats.
type Result struct {
	Findings []Finding
	Stats    Stats
}

// settle says whether a finding holds once it is known whether the file
// mentions CUDO, and clears its marks.
func (f *Finding) settle(mentioned bool) bool {
	keep := !(f.needsFileMention && !mentioned) && !(f.unlessFileMention && mentioned)
	f.needsFileMention, f.unlessFileMention = false, false
	return keep
}

// pending reports whether a finding waits for the end of its file.
func (f *Finding) pending() bool { return f.needsFileMention || f.unlessFileMention }

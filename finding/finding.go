package finding

import (
	"cmp"
	"slices"

	"github.com/cudoscan/cudoscan/rules"
)

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
	// History is set by the history mode when it reports one finding per
	// leak (the default): the rest of the story.
	History *History
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

// Compare orders findings by displayed path, position, rule and kind: the
// order every output uses.
func Compare(a, b Finding) int {
	if pa, pb := a.DisplayPath(), b.DisplayPath(); pa != pb {
		return cmp.Compare(pa, pb)
	}
	return cmp.Or(
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.Kind, b.Kind),
	)
}

// Sort orders findings by Compare, keeping the order of equal ones.
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }

// History is the story of one leak in a history scan: one secret (or, for
// a finding without one, one matched text) at one path, across every
// version of the file that held it. Finding.Commit is the commit that
// introduced it there; the finding's position is in that version.
type History struct {
	// Removed is the commit that removed it from the path, when it was
	// removed and is not in HEAD; nil otherwise.
	Removed *Commit
	// Present says it is still in the tree of HEAD at the path.
	Present bool
	// Occurrences are the versions of the file that hold it, oldest
	// first: the commit that brought each version, and the position in it.
	Occurrences []Occurrence
	// Refs are the refs from which a commit holding it can be reached:
	// fetching any of them fetches the secret.
	Refs []string
}

// Occurrence is one version of a file holding a leak.
type Occurrence struct {
	Commit       *Commit
	Line, Column int
}

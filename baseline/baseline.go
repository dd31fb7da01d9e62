// Package baseline records known findings so that later scans report only
// new ones.
//
// A baseline is a file of entries, one JSON object per line, each naming a
// finding by its rule, its path and a SHA-256: of the secret when the
// finding carries one, else of the matched text (a malformed header). It
// never holds a line number, so moving code does not change it, and never
// the secret itself. Entries are sorted and stand alone on their lines, so
// the same findings always give the same bytes and two branches that add
// entries merge without conflict (or with git's union merge driver).
//
//	{"cudoscan_baseline":1}
//	{"rule":"cudo-api-key","path":"deploy/.env","secret_sha256":"9f86…"}
//	{"rule":"cudo-auth-header","path":"run.sh","match_sha256":"2c26…"}
//
// Paths are slash-separated and relative to the baseline file's directory,
// so the file means the same whatever directory a scan runs from.
package baseline

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cudoscan/cudoscan/finding"
)

// FileName is the usual name of a baseline file.
const FileName = ".cudoscan-baseline.jsonl"

// header is the first line of every baseline file; its number is the
// format's version.
const header = `{"cudoscan_baseline":1}`

// Entry identifies a finding without its position and without its secret.
// Exactly one of SecretSHA256 and MatchSHA256 is set.
type Entry struct {
	Rule string `json:"rule"`
	Path string `json:"path"`
	// SecretSHA256 is the hex SHA-256 of the finding's secret, as in the
	// JSON report's secret_sha256.
	SecretSHA256 string `json:"secret_sha256,omitempty"`
	// MatchSHA256 is the hex SHA-256 of the matched text, for findings
	// without a secret.
	MatchSHA256 string `json:"match_sha256,omitempty"`
}

// EntryFor returns the entry of a finding whose path in the baseline is
// path. It reports false for a finding that has neither a secret nor a
// match hash, which no entry can name.
func EntryFor(f finding.Finding, path string) (Entry, bool) {
	e := Entry{Rule: f.RuleID, Path: path}
	switch {
	case f.Secret != "":
		sum := sha256.Sum256([]byte(f.Secret))
		e.SecretSHA256 = hex.EncodeToString(sum[:])
	case f.MatchSHA256 != "":
		e.MatchSHA256 = f.MatchSHA256
	default:
		return Entry{}, false
	}
	return e, true
}

func (e Entry) less(o Entry) bool {
	if e.Path != o.Path {
		return e.Path < o.Path
	}
	if e.Rule != o.Rule {
		return e.Rule < o.Rule
	}
	if e.SecretSHA256 != o.SecretSHA256 {
		return e.SecretSHA256 < o.SecretSHA256
	}
	return e.MatchSHA256 < o.MatchSHA256
}

// Baseline is a set of entries.
type Baseline struct {
	// File is where the baseline was read from, for messages.
	File    string
	entries map[Entry]bool
}

// New returns a baseline holding the given entries.
func New(file string, entries []Entry) *Baseline {
	b := &Baseline{File: file, entries: make(map[Entry]bool, len(entries))}
	for _, e := range entries {
		b.entries[e] = true
	}
	return b
}

// Len returns the number of distinct entries.
func (b *Baseline) Len() int { return len(b.entries) }

// Contains reports whether e is in the baseline.
func (b *Baseline) Contains(e Entry) bool { return b.entries[e] }

// Entries returns the entries in file order: by path, rule and hash.
func (b *Baseline) Entries() []Entry {
	es := make([]Entry, 0, len(b.entries))
	for e := range b.entries {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool { return es[i].less(es[j]) })
	return es
}

// WriteTo writes the baseline file: the header line, then one entry per
// line, sorted. The same entries always give the same bytes.
func (b *Baseline) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	buf.WriteString(header + "\n")
	for _, e := range b.Entries() {
		line, err := json.Marshal(e)
		if err != nil {
			return 0, err
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return buf.WriteTo(w)
}

// Load reads a baseline file.
func Load(file string) (*Baseline, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, file)
}

// Read parses a baseline; file names it in errors, which give the line.
// Blank lines, repeated entries and a repeated header (what a union merge
// can leave) are accepted.
func Read(r io.Reader, file string) (*Baseline, error) {
	b := New(file, nil)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if n == 1 {
			if !isHeader(line) {
				return nil, fmt.Errorf("%s:1: not a cudoscan baseline: the first line must be %s", file, header)
			}
			continue
		}
		if len(line) == 0 || isHeader(line) {
			continue
		}
		e, err := parseEntry(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, n, err)
		}
		b.entries[e] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", file, n+1, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: empty file: not a cudoscan baseline (write one with 'cudoscan baseline')", file)
	}
	return b, nil
}

func isHeader(line []byte) bool {
	var h struct {
		Version *int `json:"cudoscan_baseline"`
	}
	if json.Unmarshal(line, &h) != nil || h.Version == nil {
		return false
	}
	return *h.Version == 1
}

func parseEntry(line []byte) (Entry, error) {
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Entry{}, fmt.Errorf("invalid entry: %w", err)
	}
	if dec.More() {
		return Entry{}, errors.New("invalid entry: more than one JSON value on the line")
	}
	switch {
	case e.Rule == "" || e.Path == "":
		return Entry{}, errors.New("invalid entry: rule and path are required")
	case (e.SecretSHA256 == "") == (e.MatchSHA256 == ""):
		return Entry{}, errors.New("invalid entry: give exactly one of secret_sha256 and match_sha256")
	case !isSHA256(e.SecretSHA256 + e.MatchSHA256):
		return Entry{}, errors.New("invalid entry: the hash must be 64 lowercase hex digits")
	}
	return e, nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// PathFunc returns the function that gives a finding's path in a baseline
// kept in directory dir. A finding's DisplayPath is taken as relative to
// base (the directory paths are shown from: the working directory, or the
// repository top for git modes whose findings have no root), then made
// relative to dir. base and dir must be absolute.
func PathFunc(base, dir string) func(finding.Finding) string {
	return func(f finding.Finding) string {
		p := filepath.FromSlash(f.DisplayPath())
		if !filepath.IsAbs(p) {
			p = filepath.Join(base, p)
		}
		if rel, err := filepath.Rel(dir, p); err == nil {
			p = rel
		}
		return strings.TrimPrefix(filepath.ToSlash(p), "./")
	}
}

// Apply marks as suppressed, by the baseline, every finding not already
// suppressed that the baseline lists, and returns how many it marked.
// pathOf gives a finding's path in the baseline (see PathFunc). live, when
// not nil, reports findings verified live (--verify): those are never
// hidden, since a live key is an emergency whatever was accepted before.
// Apply runs after verification for that reason.
func (b *Baseline) Apply(fs []finding.Finding, pathOf func(finding.Finding) string, live func(finding.Finding) bool) int {
	n := 0
	for i := range fs {
		f := &fs[i]
		if f.Suppressed {
			continue
		}
		e, ok := EntryFor(*f, pathOf(*f))
		if !ok || !b.entries[e] || (live != nil && live(*f)) {
			continue
		}
		f.Suppressed, f.SuppressedBy = true, finding.SuppressedByBaseline
		f.SuppressReason = "listed in the baseline " + b.File
		n++
	}
	return n
}

// FromFindings returns a baseline of every finding not suppressed.
func FromFindings(file string, fs []finding.Finding, pathOf func(finding.Finding) string) *Baseline {
	b := New(file, nil)
	for _, f := range fs {
		if f.Suppressed {
			continue
		}
		if e, ok := EntryFor(f, pathOf(f)); ok {
			b.entries[e] = true
		}
	}
	return b
}

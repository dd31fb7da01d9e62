package baseline

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
)

func keyFinding(path string, line int, key string) finding.Finding {
	return finding.Finding{RuleID: rules.RuleAPIKey, Severity: rules.SeverityError, Path: path,
		Line: line, Column: 14, EndLine: line, EndColumn: 78, Secret: key, MatchSHA256: strings.Repeat("a", 64)}
}

func headerFinding(path string, line int, match string) finding.Finding {
	return finding.Finding{RuleID: rules.RuleAuthHeader, Kind: rules.KindNoScheme, Severity: rules.SeverityError,
		Path: path, Line: line, Column: 9, MatchSHA256: match}
}

func samePath(f finding.Finding) string { return f.DisplayPath() }

func TestEntryFor(t *testing.T) {
	key := testkeys.New(t)
	e, ok := EntryFor(keyFinding(".env", 3, key), "deploy/.env")
	want := Entry{Rule: rules.RuleAPIKey, Path: "deploy/.env", SecretSHA256: report.SecretSHA256(key)}
	if !ok || e != want {
		t.Errorf("EntryFor(key finding) = %+v, %v; want %+v (the JSON report's secret_sha256)", e, ok, want)
	}
	m := strings.Repeat("b", 64)
	if e, ok := EntryFor(headerFinding("run.sh", 1, m), "run.sh"); !ok || e.MatchSHA256 != m || e.SecretSHA256 != "" {
		t.Errorf("EntryFor(header finding) = %+v, %v; want the match hash", e, ok)
	}
	if _, ok := EntryFor(finding.Finding{RuleID: rules.RuleAuthHeader, Path: "x"}, "x"); ok {
		t.Error("EntryFor(finding without secret or match hash) = ok")
	}
}

// TestApply is the baseline's contract: a listed finding is hidden wherever
// its line moves; a different secret on the same line is not; a finding
// verified live is never hidden.
func TestApply(t *testing.T) {
	key, other, live := testkeys.New(t), testkeys.New(t), testkeys.New(t)
	match := strings.Repeat("c", 64)
	old := []finding.Finding{keyFinding(".env", 3, key), headerFinding("run.sh", 7, match), keyFinding("live.env", 1, live)}
	b := FromFindings(FileName, old, samePath)
	if b.Len() != 3 {
		t.Fatalf("baseline has %d entries, want 3", b.Len())
	}

	now := []finding.Finding{
		keyFinding(".env", 40, key),                         // moved down: hidden
		keyFinding(".env", 41, other),                       // a new key: reported
		keyFinding("moved/.env", 3, key),                    // another file: reported
		headerFinding("run.sh", 1, match),                   // moved up: hidden
		headerFinding("run.sh", 2, strings.Repeat("d", 64)), // different text: reported
		keyFinding("live.env", 1, live),                     // verified live: reported
	}
	isLive := func(f finding.Finding) bool { return f.Secret == live }
	if n := b.Apply(now, samePath, isLive); n != 2 {
		t.Errorf("Apply hid %d findings, want 2", n)
	}
	wantHidden := []bool{true, false, false, true, false, false}
	for i, f := range now {
		if f.Suppressed != wantHidden[i] {
			t.Errorf("finding %d (%s:%d): suppressed = %v, want %v", i, f.Path, f.Line, f.Suppressed, wantHidden[i])
		}
		if f.Suppressed && (f.SuppressedBy != finding.SuppressedByBaseline || !strings.Contains(f.SuppressReason, FileName)) {
			t.Errorf("finding %d: suppressed by %q (%q), want the baseline", i, f.SuppressedBy, f.SuppressReason)
		}
	}

	// Without the live predicate (no --verify), the live key is hidden too.
	again := []finding.Finding{keyFinding("live.env", 9, live)}
	if n := b.Apply(again, samePath, nil); n != 1 {
		t.Errorf("Apply without a live predicate hid %d, want 1", n)
	}

	// An inline suppression is kept as it is.
	inline := keyFinding(".env", 1, key)
	inline.Suppressed, inline.SuppressReason = true, "fixture"
	fs := []finding.Finding{inline}
	if n := b.Apply(fs, samePath, nil); n != 0 || fs[0].SuppressedBy != finding.SuppressedInline {
		t.Errorf("Apply changed an inline suppression: %+v", fs[0])
	}
}

// TestFileIsStable: the same findings in any order give the same bytes,
// entries are sorted one per line, and neither a key nor a line number is
// written.
func TestFileIsStable(t *testing.T) {
	key, key2 := testkeys.New(t), testkeys.New(t)
	fs := []finding.Finding{
		keyFinding("b/.env", 3, key), keyFinding("a/.env", 9, key2), headerFinding("a/run.sh", 2, strings.Repeat("e", 64)),
		keyFinding("b/.env", 30, key), // the same key twice in a file: one entry
	}
	var first bytes.Buffer
	if _, err := FromFindings(FileName, fs, samePath).WriteTo(&first); err != nil {
		t.Fatal(err)
	}
	rev := []finding.Finding{fs[3], fs[2], fs[1], fs[0]}
	for i := range rev {
		rev[i].Line += 100
	}
	var second bytes.Buffer
	if _, err := FromFindings(FileName, rev, samePath).WriteTo(&second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("baseline depends on order or lines:\n%s\nvs\n%s", first.String(), second.String())
	}
	lines := strings.Split(strings.TrimSuffix(first.String(), "\n"), "\n")
	if len(lines) != 4 || lines[0] != header {
		t.Fatalf("baseline =\n%s\nwant a header and 3 entries", first.String())
	}
	if !strings.Contains(lines[1], `"path":"a/.env"`) || !strings.Contains(lines[2], `"path":"a/run.sh"`) || !strings.Contains(lines[3], `"path":"b/.env"`) {
		t.Errorf("entries not sorted by path:\n%s", first.String())
	}
	for _, secret := range []string{key, key2} {
		if strings.Contains(first.String(), secret) {
			t.Error("the baseline holds a key")
		}
	}
	if strings.Contains(first.String(), `"line`) {
		t.Error("the baseline holds a line number")
	}
	// cudoscan does not report its own baseline.
	if ms := rules.Default.Find(first.Bytes(), rules.Hint{Path: FileName}); len(ms) > 0 {
		t.Errorf("the baseline file is a finding: %+v", ms)
	}

	b, err := Read(&first, FileName)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 {
		t.Errorf("read back %d entries, want 3", b.Len())
	}
}

func TestReadTolerant(t *testing.T) {
	h := strings.Repeat("f", 64)
	entry := `{"rule":"cudo-api-key","path":"x","secret_sha256":"` + h + `"}`
	// What git's union merge can leave: repeated lines, blank lines.
	src := header + "\n" + entry + "\n\n" + header + "\n" + entry + "\n"
	b, err := Read(strings.NewReader(src), FileName)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 1 || !b.Contains(Entry{Rule: "cudo-api-key", Path: "x", SecretSHA256: h}) {
		t.Errorf("entries = %+v", b.Entries())
	}
}

func TestReadErrors(t *testing.T) {
	h := strings.Repeat("f", 64)
	tests := []struct{ src, want string }{
		{"", "b.jsonl: empty file"},
		{`{"rule":"x"}` + "\n", "b.jsonl:1: not a cudoscan baseline"},
		{`{"cudoscan_baseline":2}` + "\n", "b.jsonl:1: not a cudoscan baseline"},
		{header + "\n" + `{"rule":"r","path":"p"}`, "b.jsonl:2: invalid entry: give exactly one of secret_sha256 and match_sha256"},
		{header + "\n\n" + `{"rule":"r","path":"p","secret_sha256":"` + h + `","match_sha256":"` + h + `"}`, "b.jsonl:3: invalid entry: give exactly one"},
		{header + "\n" + `{"rule":"r","path":"p","secret_sha256":"abc"}`, "b.jsonl:2: invalid entry: the hash must be 64 lowercase hex digits"},
		{header + "\n" + `{"rule":"r","path":"p","secret_sha256":"` + h + `","line":3}`, `b.jsonl:2: invalid entry: json: unknown field "line"`},
		{header + "\n" + `{"path":"p","secret_sha256":"` + h + `"}`, "b.jsonl:2: invalid entry: rule and path are required"},
		{header + "\nnot json\n", "b.jsonl:2: invalid entry"},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.src), "b.jsonl")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Read(%q) = %v, want an error starting %q", tt.src, err, tt.want)
		}
	}
}

func TestPathFunc(t *testing.T) {
	root := filepath.FromSlash("/repo")
	tests := []struct {
		base, dir string
		f         finding.Finding
		want      string
	}{
		// scan . from the repository top, baseline at the top.
		{"/repo", "/repo", finding.Finding{Root: ".", Path: "deploy/.env"}, "deploy/.env"},
		// scan src from the top: the root is part of the path.
		{"/repo", "/repo", finding.Finding{Root: "src", Path: "a.go"}, "src/a.go"},
		// scan . from a subdirectory, baseline at the top.
		{"/repo/src", "/repo", finding.Finding{Root: ".", Path: "a.go"}, "src/a.go"},
		// a file named on the command line.
		{"/repo", "/repo", finding.Finding{Path: "./deploy/.env"}, "deploy/.env"},
		// a git mode, whose paths are relative to the repository top.
		{"/repo", "/repo", finding.Finding{Path: "deploy/.env"}, "deploy/.env"},
		// an absolute root.
		{"/elsewhere", "/repo", finding.Finding{Root: "/repo/deploy", Path: ".env"}, "deploy/.env"},
		// outside the baseline's directory.
		{"/repo", "/repo/sub", finding.Finding{Root: ".", Path: "a.go"}, "../a.go"},
	}
	for _, tt := range tests {
		base := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(tt.base, "/repo")))
		if !strings.HasPrefix(tt.base, "/repo") {
			base = filepath.FromSlash(tt.base)
		}
		dir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(tt.dir, "/repo")))
		if got := PathFunc(base, dir)(tt.f); got != tt.want {
			t.Errorf("PathFunc(%s, %s)(%s) = %q, want %q", tt.base, tt.dir, tt.f.DisplayPath(), got, tt.want)
		}
	}
}

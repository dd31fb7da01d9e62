package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/rules"
)

func keyFinding(path string, line int, key string) finding.Finding {
	return finding.Finding{RuleID: rules.RuleAPIKey, Severity: rules.SeverityError, Confidence: rules.ConfidenceHigh,
		Message: "hard-coded CUDO API key", Root: ".", Path: path, Line: line, Column: 14, EndLine: line, EndColumn: 78, Secret: key}
}

func decodeSARIF(t *testing.T, r *Report, opts Options) sarifLog {
	t.Helper()
	var buf bytes.Buffer
	opts.Format = "sarif"
	if err := Write(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	return log
}

func TestSARIFRules(t *testing.T) {
	log := decodeSARIF(t, &Report{Mode: "scan"}, Options{Version: "v1.2.3 0123456789ab"})
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("log = %+v", log)
	}
	d := log.Runs[0].Tool.Driver
	if d.Version != "1.2.3 0123456789ab" || d.SemanticVersion != "1.2.3" {
		t.Errorf("driver version %q, semantic %q", d.Version, d.SemanticVersion)
	}
	all := rules.All()
	if len(d.Rules) != len(all) {
		t.Fatalf("%d rules, want the whole catalog (%d)", len(d.Rules), len(all))
	}
	for i, r := range d.Rules {
		if r.ID != all[i].ID || r.FullDescription.Text != all[i].Description || !strings.HasPrefix(r.Help.Text, all[i].Description) ||
			r.ShortDescription.Text == "" || r.HelpURI == "" || r.Name == "" || strings.ContainsAny(r.Name, " -:") {
			t.Errorf("rule %d = %+v, want the catalog's %s", i, r, all[i].ID)
		}
	}
	if got := log.Runs[0].Results; got == nil || len(got) != 0 {
		t.Errorf("results of a clean run = %v, want []", got)
	}
}

func TestSARIFResults(t *testing.T) {
	key := testkeys.New(t)
	header := finding.Finding{RuleID: rules.RuleAuthHeader, Kind: rules.KindNoScheme, Severity: rules.SeverityError,
		Confidence: rules.ConfidenceMedium, Message: "no scheme", Path: "run.sh", Line: 2, Column: 9, EndLine: 2, EndColumn: 30,
		MatchSHA256: strings.Repeat("a", 64)}
	inline := keyFinding("b.env", 1, key)
	inline.Suppressed, inline.SuppressReason = true, "revoked fixture"
	based := header
	based.Path, based.Suppressed, based.SuppressedBy, based.SuppressReason = "old.sh", true, finding.SuppressedByBaseline, "listed in the baseline b.jsonl"
	r := &Report{Mode: "scan", Findings: []finding.Finding{
		keyFinding("deploy/.env", 3, key), keyFinding("deploy/.env", 9, key), header, inline, based,
	}}
	if res := decodeSARIF(t, r, Options{}).Runs[0].Results; len(res) != 3 {
		t.Errorf("%d results without --list-suppressed, want the 3 unsuppressed", len(res))
	} else if res[2].PartialFingerprints[FingerprintName] != decodeSARIF(t, r, Options{ShowSuppressed: true}).Runs[0].Results[2].PartialFingerprints[FingerprintName] {
		t.Error("a fingerprint depends on --list-suppressed")
	}
	log := decodeSARIF(t, r, Options{ShowSecrets: true, ShowSuppressed: true, SourceRoot: "/src/repo"})
	run := log.Runs[0]
	if got := run.OriginalURIBaseIDs[srcRoot].URI; got != "file:///src/repo/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	res := run.Results
	if len(res) != 5 {
		t.Fatalf("%d results, want 5", len(res))
	}
	loc := res[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation != (sarifArtifactLocation{URI: "deploy/.env", URIBaseID: srcRoot}) ||
		*loc.Region != (sarifRegion{StartLine: 3, StartColumn: 14, EndLine: 3, EndColumn: 78}) {
		t.Errorf("location = %+v %+v", loc.ArtifactLocation, *loc.Region)
	}
	if res[0].RuleIndex == nil || run.Tool.Driver.Rules[*res[0].RuleIndex].ID != rules.RuleAPIKey {
		t.Errorf("ruleIndex does not point at %s", rules.RuleAPIKey)
	}
	// The same key twice in a file: same hash, counted occurrences.
	fp0, fp1 := res[0].PartialFingerprints[FingerprintName], res[1].PartialFingerprints[FingerprintName]
	if !strings.HasSuffix(fp0, ":1") || !strings.HasSuffix(fp1, ":2") || strings.TrimSuffix(fp0, ":1") != strings.TrimSuffix(fp1, ":2") {
		t.Errorf("fingerprints of one key twice = %q, %q", fp0, fp1)
	}
	if res[0].Properties.SecretSHA256 != SecretSHA256(key) || res[0].Properties.Confidence != "high" {
		t.Errorf("properties = %+v", res[0].Properties)
	}
	if res[2].Properties.Kind != rules.KindNoScheme || res[2].PartialFingerprints[FingerprintName] == "" || res[2].Properties.SecretSHA256 != "" {
		t.Errorf("header result = %+v", res[2])
	}
	if s := res[3].Suppressions; len(s) != 1 || s[0].Kind != "inSource" || s[0].Justification != "revoked fixture" {
		t.Errorf("inline suppression = %+v", s)
	}
	if s := res[4].Suppressions; len(s) != 1 || s[0].Kind != "external" || s[0].Justification != "listed in the baseline b.jsonl" {
		t.Errorf("baseline suppression = %+v", s)
	}
	for _, x := range res {
		if !strings.HasSuffix(x.Message.Text, ".") {
			t.Errorf("message %q does not end a sentence", x.Message.Text)
		}
	}
}

// TestSARIFFingerprintIgnoresLines: moving a finding keeps its
// fingerprint; another key, rule or file changes it.
func TestSARIFFingerprintIgnoresLines(t *testing.T) {
	key, other := testkeys.New(t), testkeys.New(t)
	base := fingerprintBase(keyFinding("a/.env", 3, key))
	moved := keyFinding("a/.env", 300, key)
	moved.Column = 1
	if fingerprintBase(moved) != base {
		t.Error("the fingerprint changes when the line moves")
	}
	named := keyFinding("a/.env", 3, key)
	named.Root, named.Path = "", "./a/.env"
	if fingerprintBase(named) != base {
		t.Error("the fingerprint depends on how the path was typed")
	}
	for _, f := range []finding.Finding{keyFinding("a/.env", 3, other), keyFinding("b/.env", 3, key)} {
		if fingerprintBase(f) == base {
			t.Errorf("%s with another key or path has the same fingerprint", f.Path)
		}
	}
	if strings.Contains(base, key) || base == SecretSHA256(key) {
		t.Error("the fingerprint is the key or its bare hash")
	}
	if fingerprintBase(finding.Finding{RuleID: rules.RuleAuthHeader, Path: "x"}) != "" {
		t.Error("a finding with nothing to hash has a fingerprint")
	}
}

func TestArtifactLocation(t *testing.T) {
	tests := []struct{ in, uri, base string }{
		{"deploy/.env", "deploy/.env", srcRoot},
		{"./deploy/.env", "deploy/.env", srcRoot},
		{"odd dir/a#b?.env", "odd%20dir/a%23b%3F.env", srcRoot},
		{"c:weird", "./c:weird", srcRoot},
		{"100%.txt", "100%25.txt", srcRoot},
		{"/abs/path/x.env", "file:///abs/path/x.env", ""},
		{"<stdin>", "%3Cstdin%3E", srcRoot},
	}
	for _, tt := range tests {
		if got := artifactLocation(tt.in); got.URI != tt.uri || got.URIBaseID != tt.base {
			t.Errorf("artifactLocation(%q) = %+v, want %q based on %q", tt.in, got, tt.uri, tt.base)
		}
	}
}

func TestPascalCase(t *testing.T) {
	for in, want := range map[string]string{
		"Hard-coded CUDO API key":                 "HardCodedCudoApiKey",
		"Problem with a cudoscan:allow directive": "ProblemWithACudoscanAllowDirective",
	} {
		if got := pascalCase(in); got != want {
			t.Errorf("pascalCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSARIFVersions(t *testing.T) {
	for in, want := range map[string][2]string{
		"v1.2.3":                    {"1.2.3", "1.2.3"},
		"v0.0.0-20261125-abc+dirty": {"0.0.0-20261125-abc+dirty", "0.0.0-20261125-abc+dirty"},
		"(devel)":                   {"(devel)", ""},
		"(devel) 0123456789ab":      {"(devel) 0123456789ab", ""},
		"":                          {"", ""},
	} {
		v, s := sarifVersions(in)
		if v != want[0] || s != want[1] {
			t.Errorf("sarifVersions(%q) = %q, %q; want %q, %q", in, v, s, want[0], want[1])
		}
	}
}

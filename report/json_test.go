package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/rules"
)

// wholeDocument is --format json as one json.Encoder call over the
// jsonReport, the way it was written before it streamed: the reference
// for TestJSONStreamsTheSameBytes.
func wholeDocument(t *testing.T, r *Report, opts Options) string {
	t.Helper()
	doc := jsonReport{Version: opts.Version, Mode: r.Mode, Findings: []jsonFinding{}, Stats: jsonStatsOf(r)}
	forEachJSONFinding(r, opts, func(j jsonFinding) { doc.Findings = append(doc.Findings, j) })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestJSONStreamsTheSameBytes: the streamed document is byte for byte
// the whole-document encoding, for no findings, one, several with every
// optional field (history, verification, suppression, HTML and non-ASCII
// text that must not be escaped), and skipped and failed files.
func TestJSONStreamsTheSameBytes(t *testing.T) {
	key := testkeys.New(t)
	hist := keyFinding("deploy/<prod>&.env", 2, key)
	hist.Commit = &finding.Commit{Hash: "0123456789abcdef0123456789abcdef01234567", Author: "Zoë", Email: "z@example.com"}
	suppressed := keyFinding("old.sh", 9, testkeys.New(t))
	suppressed.Suppressed, suppressed.SuppressReason, suppressed.SuppressedBy = true, "revoked <2026>", finding.SuppressedByBaseline
	stats := finding.Stats{Files: 12, Bytes: 3400, Excluded: 2,
		Skipped: []finding.Skip{{Path: "big.bin", Reason: "binary"}},
		Errors:  []finding.FileError{{Path: "locked", Err: "permission denied"}}}
	for i, tc := range []struct {
		r    *Report
		opts Options
	}{
		{&Report{Mode: "scan"}, Options{Version: "v1.2.3"}},
		{&Report{Mode: "scan", Findings: []finding.Finding{keyFinding("a.env", 1, key)}}, Options{}},
		{&Report{Mode: "history", Findings: []finding.Finding{hist, suppressed, keyFinding("b.env", 3, key)}, Stats: stats,
			Seconds: 1.25, Incomplete: "git failed", Verdicts: map[string]finding.Verdict{key: {Status: finding.StatusLive, HTTPStatus: 200, Attempts: 1}}},
			Options{Version: "v1.2.3 0123456789ab", ShowSuppressed: true, ShowSecrets: true}},
		{&Report{Mode: "scan", Findings: []finding.Finding{suppressed}, Stats: stats, Interrupted: true}, Options{}},
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			tc.opts.Format = "json"
			var got bytes.Buffer
			if err := Write(&got, tc.r, tc.opts); err != nil {
				t.Fatal(err)
			}
			if want := wholeDocument(t, tc.r, tc.opts); got.String() != want {
				t.Errorf("streamed:\n%s\nwhole document:\n%s", got.String(), want)
			}
		})
	}
}

// BenchmarkJSON writes 100,000 findings as --format json.
func BenchmarkJSON(b *testing.B) {
	key := testkeys.New(b)
	r := &Report{Mode: "scan"}
	for i := range 100_000 {
		f := keyFinding(fmt.Sprintf("dir%d/file%d.env", i%100, i), i%500+1, key)
		f.Kind = rules.KindNoScheme
		r.Findings = append(r.Findings, f)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, r, Options{Format: "json"}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// TestSummaryNamesPossiblyLiveApart: a key the API refused with 403 is
// not proven live, so the summary must not count it as "verified live";
// it still asks for revocation, and the run still exits 3.
func TestSummaryNamesPossiblyLiveApart(t *testing.T) {
	live, refused, dead := testkeys.New(t), testkeys.New(t), testkeys.New(t)
	hidden := keyFinding("old.env", 1, refused)
	hidden.Suppressed = true
	cases := []struct {
		name     string
		verdicts map[string]finding.Status
		want     string // "" when no revoke line is due
	}{
		{"live only", map[string]finding.Status{live: finding.StatusLive, dead: finding.StatusInvalid}, "1 key verified live: revoke now."},
		{"possibly live only", map[string]finding.Status{refused: finding.StatusPossiblyLive}, "1 key possibly live: revoke now."},
		{"both", map[string]finding.Status{live: finding.StatusLive, refused: finding.StatusPossiblyLive}, "1 key verified live, 1 key possibly live: revoke now."},
		{"neither", map[string]finding.Status{dead: finding.StatusInvalid, live: finding.StatusUnknown}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &Report{Mode: "scan", Verdicts: map[string]finding.Verdict{},
				// refused appears twice, once suppressed: counted once.
				Findings: []finding.Finding{keyFinding("a.env", 1, live), keyFinding("b.env", 1, refused), hidden, keyFinding("c.env", 2, refused), keyFinding("d.env", 1, dead)}}
			for k, s := range c.verdicts {
				r.Verdicts[k] = finding.Verdict{Status: s, Attempts: 1}
			}
			var buf bytes.Buffer
			WriteSummary(&buf, r, Options{}, false)
			out := buf.String()
			if c.want == "" {
				if strings.Contains(out, "revoke now") {
					t.Errorf("revoke line without a live key:\n%s", out)
				}
				return
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("summary lacks %q:\n%s", c.want, out)
			}
			if strings.Count(out, "cudoscan revoke") != 1 {
				t.Errorf("revoke advice not printed exactly once:\n%s", out)
			}
			if got, want := r.LiveKeys() > 0, c.want != ""; got != want {
				t.Errorf("LiveKeys() > 0 = %v, want %v", got, want)
			}
		})
	}
}

package rules

import (
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

func TestParseDirectivesCommentMarkers(t *testing.T) {
	tests := []struct {
		lang, src, reason string
	}{
		{"Go", `key := "x" // cudoscan:allow revoked test key`, "revoked test key"},
		{"Go block", `key := "x" /* cudoscan:allow revoked test key */`, "revoked test key"},
		{"Python", `key = "x"  # cudoscan:allow revoked test key`, "revoked test key"},
		{"YAML", `key: x # cudoscan:allow revoked test key`, "revoked test key"},
		{"HCL", `api_key = "x" # cudoscan:allow revoked test key`, "revoked test key"},
		{"HCL slashes", `api_key = "x" // cudoscan:allow revoked test key`, "revoked test key"},
		{"shell", `export CUDO_API_KEY=x #cudoscan:allow revoked test key`, "revoked test key"},
		{"SQL", `INSERT INTO k VALUES ('x'); -- cudoscan:allow revoked test key`, "revoked test key"},
		{"HTML", `<code>x</code> <!-- cudoscan:allow revoked test key -->`, "revoked test key"},
		{"INI", `key = x ; cudoscan:allow revoked test key`, "revoked test key"},
		{"Jinja", `{# cudoscan:allow revoked test key #}`, "revoked test key"},
		{"no reason", `key = "x" # cudoscan:allow`, ""},
		{"no reason, closed", `<!-- cudoscan:allow -->`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			ds := ParseDirectives([]byte(tt.src))
			if len(ds) != 1 {
				t.Fatalf("got %d directives, want 1: %+v", len(ds), ds)
			}
			d := ds[0]
			if d.Reason != tt.reason {
				t.Errorf("reason = %q, want %q", d.Reason, tt.reason)
			}
			if got := tt.src[d.Start:]; !strings.HasPrefix(got, directiveText) {
				t.Errorf("directive starts at %q", got)
			}
		})
	}
}

func TestParseDirectivesNotDirectives(t *testing.T) {
	for _, src := range []string{
		`Write "cudoscan:allow <reason>" in a comment.`,    // prose and strings
		`msg := "cudoscan:allow reason"`,                   // a string literal
		`# cudoscan:allowed keys are listed below`,         // another word
		`# cudoscan:allow-list: see config`,                // another word
		`x = 1 # see the docs on cudoscan:allow, not here`, // named in a comment, not opening it
	} {
		if ds := ParseDirectives([]byte(src)); len(ds) != 0 {
			t.Errorf("%q: got directives %+v", src, ds)
		}
	}
}

// TestDirectiveCoverage checks which lines a directive covers: its own and
// the next, with LF, CRLF and lone CR line ends.
func TestDirectiveCoverage(t *testing.T) {
	key := seedKey(5)
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		tests := []struct {
			name       string
			lines      []string
			suppressed bool
		}{
			{"same line", []string{"CUDO_API_KEY=" + key + " # cudoscan:allow revoked"}, true},
			{"next line", []string{"# cudoscan:allow revoked", "CUDO_API_KEY=" + key}, true},
			{"two lines down", []string{"# cudoscan:allow revoked", "", "CUDO_API_KEY=" + key}, false},
			{"line above", []string{"CUDO_API_KEY=" + key, "# cudoscan:allow revoked"}, false},
			{"no reason", []string{"CUDO_API_KEY=" + key + " # cudoscan:allow"}, false},
		}
		for _, tt := range tests {
			t.Run(tt.name+"/"+strings.ReplaceAll(strings.ReplaceAll(eol, "\r", "CR"), "\n", "LF"), func(t *testing.T) {
				ms := Default.Find([]byte(strings.Join(tt.lines, eol)+eol), Hint{Path: ".env"})
				var key *Match
				directives := 0
				for i, m := range ms {
					switch m.RuleID {
					case RuleAPIKey:
						key = &ms[i]
					case RuleDirective:
						directives++
					}
				}
				if key == nil {
					t.Fatalf("the key was not found: %+v", ms)
				}
				if key.Suppressed != tt.suppressed {
					t.Errorf("suppressed = %v, want %v", key.Suppressed, tt.suppressed)
				}
				if key.Suppressed && key.SuppressReason != "revoked" {
					t.Errorf("reason = %q, want %q", key.SuppressReason, "revoked")
				}
				// A directive that suppresses nothing, or has no reason, is
				// itself reported.
				if want := map[bool]int{true: 0, false: 1}[tt.suppressed]; directives != want {
					t.Errorf("%d directive findings, want %d: %+v", directives, want, ms)
				}
			})
		}
	}
}

// TestDirectivesOnOneLongLine checks that many directives on one line are
// parsed as the same directives one at a time would be, through the line
// memo that keeps them linear.
func TestDirectivesOnOneLongLine(t *testing.T) {
	src := []byte(strings.Repeat("# cudoscan:allow r ", 300) + "\nnext line\n")
	ds := ParseDirectives(src)
	if len(ds) != 300 {
		t.Fatalf("got %d directives, want 300", len(ds))
	}
	for i, d := range ds {
		own, next := lineMemo{src: src}, lineMemo{src: src}
		alone, ok := directiveAt(src, d.Start, &own, &next)
		if !ok || alone != d {
			t.Fatalf("directive %d = %+v, parsed alone %+v", i, d, alone)
		}
		if d.CoverEnd != len(src)-1 {
			t.Fatalf("directive %d covers up to %d, want the end of the next line (%d)", i, d.CoverEnd, len(src)-1)
		}
	}
}

// TestDirectiveReasonNeverHoldsAKey checks that a key written in a
// directive's reason is redacted in the reason, and that the directive does
// not allow that key: it is reported.
func TestDirectiveReasonNeverHoldsAKey(t *testing.T) {
	old, cur := testkeys.New(t), testkeys.New(t)
	src := "CUDO_API_KEY=" + cur + " # cudoscan:allow test fixture; the old key " + old + " is revoked, see https://example.com/tickets/123456789/rotation-history-2026\n"
	ds := ParseDirectives([]byte(src))
	if len(ds) != 1 {
		t.Fatalf("%d directives, want 1", len(ds))
	}
	if strings.Contains(ds[0].Reason, old) {
		t.Errorf("reason holds the key in full: %q", ds[0].Reason)
	}
	if want := old[:4] + "..." + old[60:]; !strings.Contains(ds[0].Reason, want) {
		t.Errorf("reason %q, want the key redacted as %s", ds[0].Reason, want)
	}
	if !strings.Contains(ds[0].Reason, "https://example.com/tickets/123456789/rotation-history-2026") {
		t.Errorf("reason %q: a URL must stay readable", ds[0].Reason)
	}
	var reported, allowed bool
	for _, m := range Default.Find([]byte(src), Hint{Path: ".env"}) {
		switch {
		case m.RuleID == RuleAPIKey && m.Secret == old:
			reported = !m.Suppressed
		case m.RuleID == RuleAPIKey && m.Secret == cur:
			allowed = m.Suppressed && !strings.Contains(m.SuppressReason, old)
		}
	}
	if !reported {
		t.Error("the key in the reason is not reported")
	}
	if !allowed {
		t.Error("the directive no longer allows the key it was written for, or its reason leaks the other key")
	}
}

package rules

import (
	"crypto/rand"
	"fmt"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// testPrefixedKey returns a fresh random ck_live_ key.
func testPrefixedKey(t testing.TB) string {
	t.Helper()
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	for {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			t.Fatal(err)
		}
		for i := range b {
			b[i] = alphabet[int(b[i])%len(alphabet)]
		}
		body := string(b)
		// Regenerate the rare body that happens to look like a filler.
		if !Default.isPlaceholderToken(body) {
			return "ck_live_" + body
		}
	}
}

// TestRuleExamples runs every rule's examples, under each vector search
// this CPU can run: the one pass of AVX2 and the separate searches.
func TestRuleExamples(t *testing.T) { forEachVectorBuild(t, testRuleExamples) }

func testRuleExamples(t *testing.T) {
	for _, r := range All() {
		if len(r.Examples) == 0 {
			t.Errorf("rule %s has no examples", r.ID)
		}
		var pos, neg int
		for i, ex := range r.Examples {
			name := fmt.Sprintf("%s/%d/%s", r.ID, i, ex.Path)
			t.Run(name, func(t *testing.T) {
				key, key2, ck := testkeys.New(t), testkeys.New(t), testPrefixedKey(t)
				src := ex.Render(key, key2, ck, testkeys.S3AccessKey(t), testkeys.S3SecretKey(t), testkeys.S3SessionToken(t), testkeys.Password(t))
				ms := Default.Find([]byte(src), Hint{Path: ex.Path})
				var got []Match
				for _, m := range ms {
					if m.RuleID == r.ID && !m.Suppressed {
						got = append(got, m)
					}
					if m.Start < 0 || m.End > len(src) || m.Start > m.End {
						t.Fatalf("match %+v out of range for %d bytes", m, len(src))
					}
					if strings.Contains(m.Message, key) || strings.Contains(m.Message, ck) {
						t.Errorf("message leaks the secret: %q", m.Message)
					}
				}
				if !ex.Match {
					if len(got) > 0 {
						t.Errorf("negative example (%s) matched: %+v\n%s", ex.Reason, got, src)
					}
					if ex.Reason == "" {
						t.Errorf("negative example without a reason")
					}
					return
				}
				if len(got) == 0 {
					t.Fatalf("positive example did not match; all matches: %+v\n%s", ms, src)
				}
				m := got[0]
				for _, x := range got {
					if x.Kind == ex.Kind {
						m = x // a file may hold several kinds: the example names the one it proves
						break
					}
				}
				if ex.Kind != "" && m.Kind != ex.Kind {
					t.Errorf("kind = %q, want %q (%+v)", m.Kind, ex.Kind, got)
				}
				if ex.Confidence != 0 && m.Confidence != ex.Confidence {
					t.Errorf("confidence = %v, want %v", m.Confidence, ex.Confidence)
				}
				if m.Secret != "" && !strings.Contains(src[m.Start:m.End], m.Secret) && m.RuleID != RuleAuthHeader {
					t.Errorf("secret %q is not inside the reported span %q", m.Secret, src[m.Start:m.End])
				}
			})
			if ex.Match {
				pos++
			} else {
				neg++
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("rule %s needs positive and negative examples (has %d and %d)", r.ID, pos, neg)
		}
	}
}

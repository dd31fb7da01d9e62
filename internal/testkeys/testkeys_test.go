package testkeys_test

import (
	"regexp"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/rules"
)

var keyShape = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestNewShape(t *testing.T) {
	for range 100 {
		if k := testkeys.New(t); !keyShape.MatchString(k) {
			t.Fatalf("New() = %q, want 64 lowercase hex characters", k)
		}
	}
}

func TestNewIsFresh(t *testing.T) {
	if a, b := testkeys.New(t), testkeys.New(t); a == b {
		t.Fatalf("two calls returned the same key %q", a)
	}
}

// TestNewIsFound checks that the keys are ones the scanner reports, so
// that tests using them test detection and not a placeholder filter.
func TestNewIsFound(t *testing.T) {
	for range 20 {
		key := testkeys.New(t)
		src := `CUDO_API_KEY="` + key + `"`
		ms := rules.Default.Find([]byte(src), rules.Hint{Path: ".env"})
		if len(ms) != 1 || ms[0].RuleID != rules.RuleAPIKey || ms[0].Secret != key {
			t.Fatalf("Find(%q) = %+v, want one %s match with the key", src, ms, rules.RuleAPIKey)
		}
	}
}

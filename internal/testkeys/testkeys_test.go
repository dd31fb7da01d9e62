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

// TestObjectStorageValuesAreFound checks that the object-storage values
// are ones the scanner reports: many draws of each, since a value that
// looks like a filler (a random "xXXx" reads as "xxxx") comes about once
// in a few hundred session tokens.
func TestObjectStorageValuesAreFound(t *testing.T) {
	for _, c := range []struct {
		name string
		gen  func(testing.TB) string
	}{
		{"CUDO_S3_ACCESS_KEY", testkeys.S3AccessKey},
		{"CUDO_S3_SECRET_KEY", testkeys.S3SecretKey},
		{"CUDO_S3_SESSION_TOKEN", testkeys.S3SessionToken},
	} {
		for range 3000 {
			v := c.gen(t)
			src := c.name + "=" + v + "\n"
			found := false
			for _, m := range rules.Default.Find([]byte(src), rules.Hint{Path: "deploy/.env"}) {
				found = found || m.Secret == v
			}
			if !found {
				t.Fatalf("%s=%s is not reported", c.name, v)
			}
		}
	}
}

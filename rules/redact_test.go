package rules

import (
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// TestRedact: the one redaction of cudoscan and cudovet shows the first and
// last four characters of a secret and never its middle; a secret too
// short to show any of safely is all stars.
func TestRedact(t *testing.T) {
	key := testkeys.New(t)
	got := Redact(key)
	if want := key[:4] + "..." + key[60:]; got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
	if strings.Contains(got, key[4:60]) {
		t.Errorf("Redact(%q) shows the middle of the key", key)
	}
	if got := Redact("short"); got != "****" {
		t.Errorf("Redact(short) = %q, want ****", got)
	}
}

package rules

import "testing"

// The helpers drivers use to word and classify what the text rules cannot
// see (the cudovet analyzer's type-based checks).

func TestIsKeyName(t *testing.T) {
	for name, want := range map[string]bool{
		"CUDO_API_KEY": true, "cudoApiKey": true, "apiKey": true, "token": true, "TF_TEST_CUDO_API_KEY": true,
		"GITHUB_TOKEN": false, // another service's
		"keySHA256":    false, // a digest
		"authHeader":   false, // a whole header value, scheme included
		"bearerToken":  false, // the same
		"client":       false,
		"":             false,
	} {
		if got := IsKeyName(name); got != want {
			t.Errorf("IsKeyName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestHeaderMessage(t *testing.T) {
	for _, kind := range []string{KindNoScheme, KindWrongScheme, KindLowercase, KindMissingSpace,
		KindDoubleSpace, KindDoubleScheme, KindQuotedKey, KindWhitespace, KindHeaderName} {
		if HeaderMessage(kind) == "" {
			t.Errorf("HeaderMessage(%q) is empty", kind)
		}
	}
	if got := HeaderMessage("no-such-kind"); got != "" {
		t.Errorf("HeaderMessage(unknown) = %q, want empty", got)
	}
}

package rules

import (
	"encoding/base64"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// TestFileMentionUnknown checks the contract drivers that scan the parts of
// a file in parallel rely on: with Hint.FileMentionUnknown, a buffer that
// does not mention CUDO yields what a file-level mention would add, marked
// NeedsFileMention, and everything else unmarked, as written or encoded.
func TestFileMentionUnknown(t *testing.T) {
	key := testkeys.New(t)
	bearer := `auth = httptransport.BearerToken("` + key + `")` + "\n"
	encodedBearer := "config: " + base64.StdEncoding.EncodeToString([]byte(`{"Authorization": "Bearer `+key+`"}`)) + "\n"
	tests := []struct {
		name string
		src  string
		// marked: the match needs a mention elsewhere; found: there is one.
		found, marked bool
	}{
		{"bearer key, no mention", bearer, true, true},
		{"bearer key, CUDO named", "# CUDO client\n" + bearer, true, false},
		{"cudo-named key", "CUDO_API_KEY=" + key + "\n", true, false},
		{"encoded bearer key, no mention", encodedBearer, true, true},
		{"encoded bearer key, CUDO named", "# CUDO client\n" + encodedBearer, true, false},
		{"bare digest", "sha256:" + key + "\n", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unknown, _ := Default.FindChunk([]byte(tt.src), Hint{Path: "main.go", FileMentionUnknown: true})
			known, _ := Default.FindChunk([]byte(tt.src), Hint{Path: "main.go", FileMentionsCudo: true})
			none, _ := Default.FindChunk([]byte(tt.src), Hint{Path: "main.go"})
			keys := func(ms []Match) (n, marked int) {
				for _, m := range ms {
					if m.Secret == key {
						n++
						if m.NeedsFileMention {
							marked++
						}
					}
				}
				return n, marked
			}
			nUnknown, markedUnknown := keys(unknown)
			nKnown, markedKnown := keys(known)
			nNone, _ := keys(none)
			if tt.found != (nUnknown == 1) || nUnknown != nKnown {
				t.Fatalf("found %d with the mention unknown, %d with it known; want %v", nUnknown, nKnown, tt.found)
			}
			if markedKnown != 0 {
				t.Errorf("%d matches marked with the mention known", markedKnown)
			}
			if tt.marked != (markedUnknown == 1) {
				t.Errorf("marked: %d, want %v", markedUnknown, tt.marked)
			}
			// What is not marked is what a scan without the mention finds.
			if nNone != nUnknown-markedUnknown {
				t.Errorf("without a mention: %d, unmarked with it unknown: %d", nNone, nUnknown-markedUnknown)
			}
		})
	}
}

// TestFileMentionUnknownDirective: a directive whose only use is a match
// that needs a mention elsewhere is unused without one, and says so only
// then.
func TestFileMentionUnknownDirective(t *testing.T) {
	key := testkeys.New(t)
	src := []byte("// cudoscan:allow a test double's token\nauth = httptransport.BearerToken(\"" + key + "\")\n")
	ms, _ := Default.FindChunk(src, Hint{Path: "main.go", FileMentionUnknown: true})
	var keyMatch, unused *Match
	for i := range ms {
		switch {
		case ms[i].Secret == key:
			keyMatch = &ms[i]
		case ms[i].RuleID == RuleDirective && ms[i].Kind == KindUnused:
			unused = &ms[i]
		}
	}
	if keyMatch == nil || !keyMatch.NeedsFileMention || !keyMatch.Suppressed {
		t.Fatalf("key match %+v: want it suppressed and marked NeedsFileMention", keyMatch)
	}
	if unused == nil || !unused.UnlessFileMention || unused.NeedsFileMention {
		t.Fatalf("unused-directive match %+v: want it marked UnlessFileMention", unused)
	}
	checkFileMentionUnknown(t, Default, src, "main.go")
}

// TestPathContext checks what a file's path says: a CUDO mention (a word
// starting with "cudo" that is not this tool's name), and a block of CUDO
// settings (a cudo.yml, or anything under a directory named cudo, at the
// top of the path or below).
func TestPathContext(t *testing.T) {
	for _, c := range []struct {
		path           string
		mention, block bool
	}{
		{"cudo/settings.env", true, true},
		{"deploy/CUDO/settings.env", true, true},
		{"home/.config/cudo/cudo.yml", true, true},
		{"cudo.yaml", true, true},
		{"cudo-client/main.go", true, false},
		{"src/cudocompute.go", true, false},
		{"pseudo/cudo.txt", true, false},
		{"cudoscan/main.go", false, false},
		{"pseudocudo/x.go", false, false},
		{"main.go", false, false},
		{"", false, false},
		{"a/CuDo", true, false},
		{"cud/o/cudx", false, false},
	} {
		if m, b := pathContext(c.path); m != c.mention || b != c.block {
			t.Errorf("pathContext(%q) = mention %v, block %v; want %v, %v", c.path, m, b, c.mention, c.block)
		}
	}
}

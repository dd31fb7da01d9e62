package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/archivetest"
	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// archiveDoc is the part of scan's JSON report the archive tests read.
type archiveDoc struct {
	Findings []struct {
		Path         string
		Line, Column int
	}
	Stats struct {
		Files   int64
		Skipped []struct{ Path, Reason string }
		Errors  []struct{ Path, Error string }
	}
}

func scanJSON(t *testing.T, args ...string) (int, archiveDoc) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"scan", "--format", "json"}, args...)...)
	var doc archiveDoc
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s\n%s", err, stdout, stderr)
	}
	return code, doc
}

// cudoscan scan unpacks archives by default: a key in a Terraform plan is
// found at plan.out!tfplan, in every format, and baseline records it as
// scan finds it; --archive-depth 0 turns unpacking off. A corrupt zip is
// counted in the summary, not an unreadable file.
func TestArchiveScanCLI(t *testing.T) {
	dir := t.TempDir()
	key := testkeys.New(t)
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("infra/plan.out", archivetest.Zip(t, archivetest.F("tfplan", "provider \"cudo\" {\n  api_key = \""+key+"\"\n}\n")))
	good := archivetest.Zip(t, archivetest.F("x", "nothing\n"))
	write("broken.zip", good[:len(good)-10])
	write("README.md", []byte("hello\n"))
	t.Chdir(dir)

	code, doc := scanJSON(t, ".")
	if code != 1 || len(doc.Findings) != 1 || doc.Findings[0].Path != "infra/plan.out!tfplan" || doc.Findings[0].Line != 2 {
		t.Fatalf("exit %d, findings %+v", code, doc.Findings)
	}
	if len(doc.Stats.Errors) != 0 || len(doc.Stats.Skipped) != 1 || !strings.HasPrefix(doc.Stats.Skipped[0].Reason, "corrupt archive") {
		t.Errorf("stats %+v", doc.Stats)
	}

	code, doc = scanJSON(t, "--archive-depth", "0", ".")
	if code != 0 || len(doc.Findings) != 0 || len(doc.Stats.Skipped) != 2 {
		t.Errorf("--archive-depth 0: exit %d, findings %+v, skipped %+v", code, doc.Findings, doc.Stats.Skipped)
	}

	code, _, stderr := runCLI(t, "scan", ".")
	if code != 1 || !strings.Contains(stderr, "1 skipped (1 corrupt archive)") || strings.Contains(stderr, "unreadable") {
		t.Errorf("text: exit %d, stderr %s", code, stderr)
	}

	// SARIF's artifact is the path as it is displayed, escaped: an entry
	// of an archive is no file of the repository, which code scanning
	// cannot open.
	code, stdout, stderr := runCLI(t, "scan", "--format", "sarif", ".")
	var sarif map[string]any
	if code != 1 || json.Unmarshal([]byte(stdout), &sarif) != nil || !strings.Contains(stdout, `"uri": "infra/plan.out%21tfplan"`) {
		t.Errorf("sarif: exit %d\n%s\n%s", code, stdout, stderr)
	}

	if code, _, stderr := runCLI(t, "baseline", "--output", "base.jsonl", "."); code != 0 {
		t.Fatalf("baseline: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "scan", "--baseline", "base.jsonl", "."); code != 0 {
		t.Errorf("scan --baseline: exit %d, want 0: the baseline holds the plan's key\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "scan", "--archive-depth", "-1", "."); code != 2 || !strings.Contains(stderr, "--archive-depth must be 0 or more") {
		t.Errorf("--archive-depth -1: exit %d, %s", code, stderr)
	}
}

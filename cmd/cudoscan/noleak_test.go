package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/report"
)

// TestNoFormatLeaksAKey runs every output format the CLI offers (taken from
// report.Formats, so a new format is covered the day it is added), with and
// without --list-suppressed, to stdout and to --output, over a tree whose
// keys are reported, suppressed inline, suppressed by the config file and
// suppressed by a baseline, and searches everything written for each full
// key. Only text and JSON print keys, and only with --show-secrets.
// allowDirective is spelt in two pieces so that this file does not hold a
// directive that suppresses nothing.
const allowDirective = "cudoscan:" + "allow"

func TestNoFormatLeaksAKey(t *testing.T) {
	for _, want := range []string{"text", "json", "sarif", "github"} {
		if !slices.Contains(report.Formats, want) {
			t.Fatalf("format %q is missing from report.Formats", want)
		}
	}
	keys := map[string]string{"key": randomHex(), "key2": randomHex(), "key3": randomHex(), "key4": randomHex(), "ck": randomPrefixedKey()}
	dir := t.TempDir()
	files := map[string]string{
		"deploy/.env":     "CUDO_API_KEY=" + keys["key"] + "\nCUDO_API_KEY_NEXT=" + keys["ck"] + "\n",
		"main.tf":         "provider \"cudo\" {\n  # " + allowDirective + " revoked, kept as a fixture\n  api_key = \"" + keys["key2"] + "\"\n}\n",
		"docs/sample.env": "CUDO_API_KEY=" + keys["key3"] + "\n",
		"old/.env":        "CUDO_API_KEY=" + keys["key3"] + "\n# and a header\ncurl -H \"Authorization: Bearer " + keys["key3"] + "\\n\" https://rest.compute.cudo.org/v1/vms\n",
		".cudoscan.yaml":  "allow:\n  - path: docs/**\n    reason: revoked sample keys\n",
		// A key written in a directive's reason: redacted in the reason
		// everywhere the reason is printed, and reported itself.
		"infra/rotated.env": "CUDO_API_KEY=" + keys["key2"] + " # " + allowDirective + " fixture; the old key " + keys["key4"] + " is revoked\n",
		// cudoscan:allow the test builds a malformed header around a generated key
		"scripts/curl.sh":   "curl -H \"Authorization: Token " + keys["key"] + "\" https://rest.compute.cudo.org/v1/vms\n",
		"scripts/bearer.sh": "curl -H \"Authorization: Bearer  " + keys["ck"] + "\" https://rest.compute.cudo.org/v1/vms\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	if code, _, stderr := runCLI(t, "baseline", "--output", "base.jsonl", "old"); code != exitClean {
		t.Fatalf("baseline: exit %d\n%s", code, stderr)
	}

	// The fixture exercises every kind of suppression.
	_, listed, _ := runCLI(t, "scan", "--baseline", "base.jsonl", "--list-suppressed", ".")
	for _, want := range []string{"revoked, kept as a fixture", "revoked sample keys (allowed by .cudoscan.yaml:2)", "listed in the baseline base.jsonl",
		"fixture; the old key " + keys["key4"][:4] + "..." + keys["key4"][60:] + " is revoked"} {
		if !strings.Contains(listed, want) {
			t.Fatalf("the fixture has no finding suppressed with %q:\n%s", want, listed)
		}
	}

	check := func(t *testing.T, what, out string, mayShow bool) {
		t.Helper()
		for name, k := range keys {
			if strings.Contains(out, k) && !mayShow {
				t.Errorf("%s holds the full %s", what, name)
			}
		}
	}
	for _, format := range report.Formats {
		for _, extra := range [][]string{nil, {"--list-suppressed"}, {"--show-secrets"}, {"--show-secrets", "--list-suppressed"}} {
			args := append([]string{"scan", "--format", format, "--baseline", "base.jsonl"}, extra...)
			show := strings.Contains(strings.Join(extra, " "), "--show-secrets")
			// --show-secrets shows keys in text and JSON only; SARIF and
			// GitHub annotations are meant to be published.
			mayShow := show && (format == "text" || format == "json")
			t.Run(strings.Join(args[1:], " "), func(t *testing.T) {
				code, stdout, stderr := runCLI(t, append(args, ".")...)
				if code != exitFindings {
					t.Fatalf("exit %d, want %d\n%s", code, exitFindings, stderr)
				}
				if stdout == "" {
					t.Fatal("nothing written")
				}
				check(t, "stdout", stdout, mayShow)
				check(t, "stderr", stderr, false)
				if mayShow && !strings.Contains(stdout, keys["key"]) {
					t.Errorf("--show-secrets does not show the key in %s", format)
				}

				out := filepath.Join(t.TempDir(), "out")
				code, stdout, stderr = runCLI(t, append(args, "--output", out, ".")...)
				if code != exitFindings || stdout != "" {
					t.Fatalf("--output: exit %d, stdout %q\n%s", code, stdout, stderr)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "--output", string(b), mayShow)
				check(t, "stderr", stderr, false)
			})
		}
	}
	b, err := os.ReadFile("base.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	check(t, "the baseline", string(b), false)
}

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/version"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/rules"
)

var (
	updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")
	sarifOut     = flag.String("sarif-out", "", "write the raw SARIF of TestGolden to this `file`, for the SARIF Multitool in CI")
)

// TestGolden runs every output format over the fixture tree in
// testdata/golden/tree, with keys generated for this run, and compares the
// output with the golden files beside it. The golden files hold
// placeholders for whatever depends on the keys, the machine or the build
// ({{key.sha256}}, {{version}}...), and no 64-hex string at all: every
// other hash becomes {{sha256 N}}, numbered in order of appearance, so the
// golden files still show which hashes are equal. Run with -update to
// rewrite them, and -sarif-out FILE to keep the raw SARIF for validation.
func TestGolden(t *testing.T) {
	keys := map[string]string{"key": randomHex(), "key2": randomHex(), "ck": randomPrefixedKey()}
	dir := t.TempDir()
	plantTree(t, filepath.Join("testdata", "golden", "tree"), dir, keys)
	t.Chdir(dir)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}

	// The baseline lists the malformed header: it shows as an external
	// suppression.
	if code, _, stderr := runCLI(t, "baseline", "--output", ".cudoscan-baseline.jsonl", "scripts/list-vms.sh"); code != exitClean {
		t.Fatalf("cudoscan baseline: exit %d\n%s", code, stderr)
	}
	common := []string{"--list-suppressed", "--baseline", ".cudoscan-baseline.jsonl", "."}
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"scan.txt", append([]string{"scan"}, common...)},
		{"scan.json", append([]string{"scan", "--format", "json"}, common...)},
		{"scan.sarif", append([]string{"scan", "--format", "sarif"}, common...)},
		{"scan.github", append([]string{"scan", "--format", "github"}, common...)},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			code, out, stderr := runCLI(t, tc.args...)
			if code != exitFindings {
				t.Fatalf("cudoscan %s: exit %d, want %d\n%s", strings.Join(tc.args, " "), code, exitFindings, stderr)
			}
			for name, k := range keys {
				if strings.Contains(out, k) {
					t.Fatalf("the output holds the full %s", name)
				}
			}
			if tc.golden == "scan.sarif" && *sarifOut != "" {
				if err := os.WriteFile(*sarifOut, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := normalizeGolden(out, keys, wd)
			compareGolden(t, filepath.Join(testdataDir(t), "golden", tc.golden), got)
		})
	}
}

// testdataDir is the package's testdata directory, whatever the working
// directory of the test.
func testdataDir(t *testing.T) string {
	t.Helper()
	// The test binary starts in the package directory; TestGolden moves
	// away, so remember it once.
	return filepath.Join(packageDir, "testdata")
}

var packageDir, _ = os.Getwd()

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// plantTree copies the fixture tree src to dst, replacing the key markers.
func plantTree(t *testing.T, src, dst string, keys map[string]string) {
	t.Helper()
	r := strings.NewReplacer("{{key}}", keys["key"], "{{key2}}", keys["key2"], "{{ck}}", keys["ck"])
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, []byte(r.Replace(string(b))), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

var (
	secondsRE = regexp.MustCompile(`"seconds": [0-9.e+-]+`)
	hexRE     = regexp.MustCompile(`[0-9a-f]{64}`)
)

// normalizeGolden replaces what depends on the run with placeholders.
func normalizeGolden(out string, keys map[string]string, wd string) string {
	var pairs []string
	for _, name := range []string{"key", "key2", "ck"} {
		k := keys[name]
		sum := report.SecretSHA256(k)
		pairs = append(pairs, report.Redact(k), "{{"+name+".redacted}}", sum, "{{"+name+".sha256}}")
		// SARIF fingerprints of the key's findings: rule, path, key hash.
		for _, r := range rules.All() {
			for _, p := range []string{"deploy/.env", "main.tf"} {
				fp := sha256.Sum256([]byte(r.ID + "\x00" + p + "\x00" + sum))
				pairs = append(pairs, hex.EncodeToString(fp[:]), fmt.Sprintf("{{fingerprint %s %s %s}}", r.ID, p, name))
			}
		}
	}
	// The rule docs are the catalog's, checked by the report tests; the
	// golden files hold placeholders so that editing a doc does not mean
	// regenerating them.
	for _, r := range rules.All() {
		pairs = append(pairs, jsonText(r.Description), "{{description of "+r.ID+"}}",
			jsonText(strings.TrimSuffix(r.Summary, ".")), "{{summary of "+r.ID+"}}")
	}
	v := version.String()
	sv := strings.TrimPrefix(v, "v")
	pairs = append(pairs,
		`"version": "`+v+`"`, `"version": "{{version}}"`,
		`"version": "`+sv+`"`, `"version": "{{version}}"`,
		`"semanticVersion": "`+sv+`"`, `"semanticVersion": "{{version}}"`,
		"file://"+filepath.ToSlash(wd)+"/", "{{srcroot}}",
	)
	out = strings.NewReplacer(pairs...).Replace(out)
	out = secondsRE.ReplaceAllString(out, `"seconds": 0`)
	seen := map[string]string{}
	return hexRE.ReplaceAllStringFunc(out, func(h string) string {
		if _, ok := seen[h]; !ok {
			seen[h] = fmt.Sprintf("{{sha256 %d}}", len(seen)+1)
		}
		return seen[h]
	})
}

func compareGolden(t *testing.T, file, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -run TestGolden -update if the change is intended):\n%s", file, lineDiff(string(want), got))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 10; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n  want %s\n   got %s\n", i+1, w, g)
			shown++
		}
	}
	return b.String()
}

// jsonText is s as it appears inside a JSON string written by the report
// package (HTML characters not escaped).
func jsonText(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

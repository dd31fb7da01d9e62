package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/analyzer"
	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/internal/vettest"
)

// TestOnePipeline runs one repository through every driver (scan, staged,
// history, baseline and cudovet) and checks that each reports the same
// set: the config file's exclude, allow list and min-confidence apply to
// all of them, and cudovet sees the Go files the build leaves out. Before
// the policy layer, cudovet read no config file and skipped ignored files,
// and baseline took other flags than scan.
func TestOnePipeline(t *testing.T) {
	gittest.Sandbox(t)
	r := gittest.New(t)
	key := func() string { return gittest.Key(t) }
	r.Write("go.mod", "module example.com/app\n\ngo 1.22\n")
	r.Write(".cudoscan.yaml", "exclude: [\"gen/**\"]\nallow:\n  - path: samples/**\n    reason: revoked sample keys\nmin-confidence: high\n")
	r.Write("main.go", "package main\n\nconst cudoAPIKey = \""+key()+"\"\n\nfunc main() { println(cudoAPIKey) }\n")
	r.Write("tool.go", "//go:build ignore\n\npackage main\n\nvar cudoAPIKey = \""+key()+"\"\n")
	r.Write("creds_windows.go", "package main\n\nvar cudoAPIKey = \""+key()+"\"\n")
	// A key only named near CUDO: medium confidence, below min-confidence.
	r.Write("client.go", "package main\n\n// Talks to CUDO Compute.\nvar token = \""+key()+"\"\n")
	r.Write("gen/gen.go", "package gen\n\nvar CudoAPIKey = \""+key()+"\"\n")             // excluded
	r.Write("samples/samples.go", "package samples\n\nvar CudoAPIKey = \""+key()+"\"\n") // allowed
	r.Write("deploy/.env", "CUDO_API_KEY="+key()+"\n")
	r.Add()
	r.Commit("init")
	t.Chdir(r.Dir)

	want := []string{
		"creds_windows.go:3:19: cudo-api-key",
		"deploy/.env:1:14: cudo-api-key",
		"main.go:3:21: cudo-api-key",
		"tool.go:5:19: cudo-api-key",
	}
	scan := reported(t, "scan", ".")
	if !slices.Equal(scan, want) {
		t.Fatalf("scan reports\n\t%s\nwant\n\t%s", strings.Join(scan, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, mode := range [][]string{{"staged", "--all"}, {"history"}} {
		if got := reported(t, mode...); !slices.Equal(got, scan) {
			t.Errorf("%s reports\n\t%s\nscan\n\t%s", mode[0], strings.Join(got, "\n\t"), strings.Join(scan, "\n\t"))
		}
	}

	// baseline records what scan reports: one entry per finding, by path.
	code, stdout, stderr := runCLI(t, "baseline", ".")
	if code != exitClean {
		t.Fatalf("baseline: exit %d\n%s", code, stderr)
	}
	var recorded []string
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var e struct{ Rule, Path string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Rule == "" {
			continue // the header line
		}
		recorded = append(recorded, e.Path+": "+e.Rule)
	}
	var scanned []string
	for _, p := range scan {
		path, rest, _ := strings.Cut(p, ":")
		scanned = append(scanned, path+": "+rest[strings.LastIndex(rest, " ")+1:])
	}
	slices.Sort(recorded)
	if !slices.Equal(recorded, scanned) {
		t.Errorf("baseline records\n\t%s\nscan reports\n\t%s", strings.Join(recorded, "\n\t"), strings.Join(scanned, "\n\t"))
	}

	// cudovet sees Go files only: it must report exactly scan's.
	var vet, goOnly []string
	for _, p := range vettest.Run(t, r.Dir, analyzer.Analyzer, "./...") {
		vet = append(vet, p.String())
	}
	for _, p := range scan {
		if strings.HasSuffix(strings.SplitN(p, ":", 2)[0], ".go") {
			goOnly = append(goOnly, p)
		}
	}
	if !slices.Equal(vet, goOnly) {
		t.Errorf("cudovet reports\n\t%s\nscan, in Go files\n\t%s", strings.Join(vet, "\n\t"), strings.Join(goOnly, "\n\t"))
	}
}

// reported runs a cudoscan mode with JSON output and returns its
// unsuppressed findings as "path:line:col: rule", sorted.
func reported(t *testing.T, args ...string) []string {
	t.Helper()
	code, stdout, stderr := runCLI(t, append(args, "--format", "json")...)
	if code != exitFindings {
		t.Fatalf("cudoscan %s: exit %d, want %d\n%s", strings.Join(args, " "), code, exitFindings, stderr)
	}
	var doc struct {
		Findings []struct {
			Rule, Path   string
			Line, Column int
			Suppressed   bool
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("cudoscan %s: %v\n%s", strings.Join(args, " "), err, stdout)
	}
	var out []string
	for _, f := range doc.Findings {
		if !f.Suppressed {
			out = append(out, fmt.Sprintf("%s:%d:%d: %s", f.Path, f.Line, f.Column, f.Rule))
		}
	}
	slices.Sort(out)
	return out
}

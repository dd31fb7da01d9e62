// Package parity_test proves that the two drivers of the detection core,
// the cudoscan file scanner and the cudovet analyzer, place every finding
// at the same file:line:col. It lives apart from both so that neither
// depends on the other, even in tests.
package parity_test

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cudoscan/cudoscan/analyzer"
	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
)

// place is where a finding is printed, and by which rule.
type place struct {
	rule, path string
	line, col  int
}

func (p place) String() string { return fmt.Sprintf("%s:%d:%d: %s", p.path, p.line, p.col, p.rule) }

// analyzerPlaces runs the analyzer over the packages under dir/src (whose
// want comments analysistest checks as well) and returns where its
// diagnostics are, with paths relative to dir/src.
func analyzerPlaces(t *testing.T, dir string, pkgs ...string) map[place]bool {
	t.Helper()
	got := map[place]bool{}
	for _, r := range analysistest.Run(t, dir, analyzer.Analyzer, pkgs...) {
		if r.Pass == nil {
			continue
		}
		for _, d := range r.Diagnostics {
			got[placeOf(t, r.Pass.Fset.Position(d.Pos), filepath.Join(dir, "src"), d.Category)] = true
		}
	}
	return got
}

func placeOf(t *testing.T, p token.Position, root, rule string) place {
	t.Helper()
	rel, err := filepath.Rel(root, p.Filename)
	if err != nil {
		t.Fatal(err)
	}
	return place{rule, filepath.ToSlash(rel), p.Line, p.Column}
}

// scannerPlaces scans the Go files of the package under dir/src/pkg and
// returns where the scanner reports its unsuppressed findings, with paths
// relative to dir/src.
func scannerPlaces(t *testing.T, dir, pkg string) map[place]bool {
	t.Helper()
	root := filepath.Join(dir, "src", pkg)
	res, err := scanner.Scan(context.Background(), []string{root}, scanner.Options{Include: []string{"**/*.go"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[place]bool{}
	for _, f := range res.Findings {
		if !f.Suppressed {
			got[place{f.RuleID, pkg + "/" + f.Path, f.Line, f.Column}] = true
		}
	}
	if res.Stats.Files == 0 {
		t.Fatalf("the scanner read no file under %s", root)
	}
	return got
}

func sorted(m map[place]bool) []string {
	var s []string
	for p := range m {
		s = append(s, p.String())
	}
	slices.Sort(s)
	return s
}

// TestSamePlaces checks that the scanner and the analyzer report exactly
// the same findings at the same places in files built to trip position
// arithmetic: multi-byte text before a key, tabs, a key inside a
// multi-line raw string, directives, and two files written here because
// gofmt would rewrite them: CR LF line ends and a byte order mark.
func TestSamePlaces(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "src", "parity")
	if err := os.CopyFS(pkg, os.DirFS(filepath.Join("testdata", "src", "parity"))); err != nil {
		t.Fatal(err)
	}
	crlf := "package parity\n\n// Written on Windows: every line ends with CR LF.\n\n" +
		"var cudoSecret = \"" + testkeys.New(t) + "\" // want `hard-coded CUDO API key in cudoSecret`\n"
	write(t, filepath.Join(pkg, "crlf.go"), strings.ReplaceAll(crlf, "\n", "\r\n"))
	write(t, filepath.Join(pkg, "bom.go"), "\ufeffpackage parity\n\n"+
		"var cudoBOMKey = \""+testkeys.New(t)+"\" // want `hard-coded CUDO API key in cudoBOMKey`\n")

	fromAnalyzer := analyzerPlaces(t, dir, "parity")
	fromScanner := scannerPlaces(t, dir, "parity")
	if len(fromScanner) < 10 {
		t.Fatalf("the scanner found %d findings: the fixtures are broken", len(fromScanner))
	}
	t.Logf("compared:\n\t%s", strings.Join(sorted(fromScanner), "\n\t"))
	if a, s := sorted(fromAnalyzer), sorted(fromScanner); !slices.Equal(a, s) {
		t.Errorf("the drivers disagree\nanalyzer:\n\t%s\nscanner:\n\t%s", strings.Join(a, "\n\t"), strings.Join(s, "\n\t"))
	}
}

func write(t *testing.T, name, text string) {
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAnalyzerCoversScanner checks, over every analyzer fixture, that each
// finding of the scanner in a Go file is reported by the analyzer at the
// same place. The analyzer reports more (what only types show), so this
// direction is the one that must hold everywhere.
func TestAnalyzerCoversScanner(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	pkgs := []string{"keys", "split", "headers", "grpc", "imports", "suppress", "nocontext", "broken"}
	// The one intended difference: these directives suppress only
	// type-based findings, which the scanner cannot see, so it calls them
	// unused; the analyzer knows they are in use.
	usedOnlyByTypes := map[place]bool{
		{rules.RuleDirective, "suppress/suppress.go", 16, 4}: true,
		{rules.RuleDirective, "suppress/suppress.go", 21, 4}: true,
	}
	fromAnalyzer := analyzerPlaces(t, dir, pkgs...)
	for _, pkg := range pkgs {
		for p := range scannerPlaces(t, dir, pkg) {
			if usedOnlyByTypes[p] {
				if fromAnalyzer[p] {
					t.Errorf("the analyzer reports %s, a directive that suppresses a type-based finding", p)
				}
				continue
			}
			if !fromAnalyzer[p] {
				t.Errorf("the scanner reports %s; the analyzer does not", p)
			}
		}
	}
}

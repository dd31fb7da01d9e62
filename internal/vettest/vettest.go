// Package vettest runs an analyzer over packages as go vet would, in
// process, and returns where its diagnostics are. Unlike analysistest it
// checks no "// want" comments, which it reads line by line on \n: tests
// of files with other line ends or encodings (CR-only, UTF-16), and tests
// that compare cudovet with cudoscan, compare places instead.
package vettest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Place is where a diagnostic is printed, and by which rule (its category).
type Place struct {
	Rule string
	Path string // slash-separated, relative to the directory given to Run
	Line int
	Col  int
}

func (p Place) String() string { return fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Col, p.Rule) }

// Run loads the packages matching patterns in the module at dir, runs a
// on them and returns the places of its diagnostics, sorted. A package that
// fails to load, or an analyzer that fails, fails the test.
func Run(t testing.TB, dir string, a *analysis.Analyzer, patterns ...string) []Place {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("loading %s: %v", p.PkgPath, e)
		}
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var places []Place
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			rel, err := filepath.Rel(dir, pos.Filename)
			if err != nil {
				t.Fatal(err)
			}
			places = append(places, Place{d.Category, filepath.ToSlash(rel), pos.Line, pos.Column})
		}
	}
	slices.SortFunc(places, func(a, b Place) int {
		return strings.Compare(a.String(), b.String())
	})
	return places
}

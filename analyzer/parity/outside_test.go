package parity_test

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/cudoscan/cudoscan/analyzer"
	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/internal/vettest"
	"github.com/cudoscan/cudoscan/scanner"
)

// TestSamePlacesEveryLineEnd checks that cudovet reports what cudoscan
// finds in the files of a package that the build leaves out (a
// //go:build ignore file, another OS's _windows.go, assembly), at the same
// file:line:col, whatever their line ends and encoding: LF, CR LF, CR only,
// a byte order mark, UTF-16; and in a Go file of the build with a stray CR.
// Both place findings with the core's line table, so a CR-only file is on
// line 4 for both, not on line 1 for one.
func TestSamePlacesEveryLineEnd(t *testing.T) {
	dir := t.TempDir()
	key := func() string { return testkeys.New(t) }
	files := map[string][]byte{
		"go.mod":  []byte("module parity.test\n\ngo 1.22\n"),
		"main.go": []byte("package p\n\n// Built: nothing here.\n"),
		// In the build, with a stray carriage return in a comment: a line
		// end for the core and editors, not for go/token.
		"stray.go": []byte("package p\n\n// pasted from an old Mac note:\rsee below\nconst cudoAPIKey = \"" + key() + "\"\n"),
		// Go files the build ignores.
		"tool.go":          []byte("//go:build ignore\n\npackage main\n\nvar cudoAPIKey = \"" + key() + "\"\n"),
		"creds_windows.go": []byte(strings.ReplaceAll("package p\n\n// Written on Windows.\nvar cudoAPIKey = \""+key()+"\"\n", "\n", "\r\n")),
		"old.go":           []byte("//go:build ignore\n\npackage main\r\r// From here on, old Mac line ends.\rvar cudoAPIKey = \"" + key() + "\"\r"),
		// Assembly, which go vet hands the analyzer as other files.
		"cronly.s": []byte("// one\r// two\r// CUDO_API_KEY=" + key() + "\r"),
		"bom.s":    []byte("\ufeff// CUDO_API_KEY=" + key() + "\n"),
		"utf16.s":  utf16LE("\ufeff// Saved by a Windows editor.\r\n// CUDO_API_KEY=" + key() + "\r\n"),
		"crlf.s":   []byte("// first\r\n\r\n// CUDO_API_KEY=" + key() + "\r\n"),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	var fromVet []string
	for _, p := range vettest.Run(t, dir, analyzer.Analyzer, "./...") {
		fromVet = append(fromVet, p.String())
	}
	res, err := scanner.Scan(context.Background(), []string{dir}, scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var fromScan []string
	for _, f := range res.Findings {
		fromScan = append(fromScan, vettest.Place{Rule: f.RuleID, Path: f.Path, Line: f.Line, Col: f.Column}.String())
	}
	slices.Sort(fromScan)
	if len(fromScan) != 8 {
		t.Fatalf("the scanner found %d keys, want one in each of the 8 files:\n\t%s", len(fromScan), strings.Join(fromScan, "\n\t"))
	}
	t.Logf("compared:\n\t%s", strings.Join(fromScan, "\n\t"))
	if !slices.Equal(fromVet, fromScan) {
		t.Errorf("the drivers disagree\ncudovet:\n\t%s\ncudoscan:\n\t%s", strings.Join(fromVet, "\n\t"), strings.Join(fromScan, "\n\t"))
	}
}

// utf16LE encodes s as UTF-16, little endian, as Windows tools write it.
func utf16LE(s string) []byte {
	units := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(b[2*i:], u)
	}
	return b
}

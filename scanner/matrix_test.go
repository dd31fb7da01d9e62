package scanner_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
)

// The syntax matrix: each testdata/matrix/*.txtar archive is one syntax
// (shell, .env, HCL, Jupyter...), its files written under realistic names.
// The templates hold markers instead of key material, because the
// repository must never contain anything key-shaped:
//
//	{{key}}          a fresh 64-hex key; cudo-api-key must report it exactly here
//	{{ck}}           a fresh ck_live_ key; cudo-api-key-prefixed must report it here
//	{{decoy}}        a fresh 64-hex value that nothing may report
//	{{uuid}}         a fresh UUID that nothing may report
//	{{lbrace}}       a literal "{{" (Postman's {{variable}} syntax)
//	{{s3id}}, {{s3secret}}, {{s3token}}
//	                 a fresh object-storage access key, secret key, session
//	                 token; cudo-object-storage-key must report it here
//	{{vmpass}}       a fresh password; cudo-vm-password must report it here
//	{{@RULE}}        (zero width) a finding of RULE must start here
//	{{@RULE:KIND}}   the same, for a rule with kinds (cudo-auth-header)
//
// The test renders every archive twice, with LF and with CRLF line ends,
// scans the tree with scanner.Scan and requires the exact set of findings
// (path, line, column, rule, kind) the markers call for: a missing finding
// is a miss of the core, an extra one a false positive.

const matrixDir = "../testdata/matrix"

// minSyntaxes is the number of syntaxes the issue asks the matrix to cover.
const minSyntaxes = 20

func TestSyntaxMatrix(t *testing.T) {
	for _, m := range matrixArchives(t) {
		if len(m.ar.Files) == 0 {
			t.Fatalf("%s holds no files", m.syntax)
		}
		for _, eol := range []struct{ name, text string }{{"lf", "\n"}, {"crlf", "\r\n"}} {
			t.Run(m.syntax+"/"+eol.name, func(t *testing.T) {
				t.Parallel()
				runMatrixCase(t, m.ar, eol.text)
			})
		}
	}
}

// matrixArchive is one syntax of the matrix.
type matrixArchive struct {
	syntax string
	ar     *txtar.Archive
}

// matrixArchives parses the matrix, at least minSyntaxes of them.
func matrixArchives(t *testing.T) []matrixArchive {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(matrixDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < minSyntaxes {
		t.Fatalf("%d syntaxes in %s, want at least %d", len(paths), matrixDir, minSyntaxes)
	}
	var out []matrixArchive
	for _, path := range paths {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, matrixArchive{strings.TrimSuffix(filepath.Base(path), ".txtar"), ar})
	}
	return out
}

// writeTreeFile writes text at the slash path name below root, making its
// directories.
func writeTreeFile(t *testing.T, root, name, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runMatrixCase renders the archive into a fresh tree, scans it and checks
// the findings against the markers.
func runMatrixCase(t *testing.T, ar *txtar.Archive, eol string) {
	root := t.TempDir()
	var want []expectation
	var decoys []plant
	rendered := map[string]string{}
	for _, f := range ar.Files {
		tmpl := strings.ReplaceAll(string(f.Data), "\n", eol)
		text, exps, ds := renderTemplate(t, f.Name, tmpl)
		rendered[f.Name] = text
		want = append(want, exps...)
		decoys = append(decoys, ds...)
		writeTreeFile(t, root, f.Name, text)
	}

	res, err := scanner.Scan(context.Background(), []string{root}, scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Files != int64(len(ar.Files)) || len(res.Stats.Errors) > 0 || len(res.Stats.Skipped) > 0 {
		t.Fatalf("scanned %d of %d files; errors %v; skipped %v", res.Stats.Files, len(ar.Files), res.Stats.Errors, res.Stats.Skipped)
	}

	got := map[string]scanner.Finding{}
	for _, f := range res.Findings {
		got[findingKey(f.Path, f.Line, f.Column, f.RuleID, f.Kind)] = f
	}
	wanted := map[string]bool{}
	for _, e := range want {
		k := findingKey(e.path, e.line, e.col, e.rule, e.kind)
		wanted[k] = true
		f, ok := got[k]
		if !ok {
			t.Errorf("missed: %s\n\t%s", k, lineOf(rendered[e.path], e.line))
			continue
		}
		if e.secret != "" && f.Secret != e.secret {
			t.Errorf("%s: secret %q, want the planted %q", k, f.Secret, e.secret)
		}
		if f.Suppressed {
			t.Errorf("%s: suppressed (%s), but the matrix has no directives", k, f.SuppressReason)
		}
	}
	for _, f := range res.Findings {
		if k := findingKey(f.Path, f.Line, f.Column, f.RuleID, f.Kind); !wanted[k] {
			t.Errorf("false positive: %s (%s, secret %q)\n\t%s", k, f.Confidence, f.Secret, lineOf(rendered[f.Path], f.Line))
		}
	}
	for _, d := range decoys {
		for _, f := range res.Findings {
			if f.Path == d.path && (strings.Contains(f.Secret, d.value) || overlaps(f, d)) {
				t.Errorf("decoy %s at %s:%d:%d reported by %s at %d:%d", d.kind, d.path, d.line, d.col, f.RuleID, f.Line, f.Column)
			}
		}
	}
}

// expectation is a finding a marker calls for.
type expectation struct {
	path       string
	line, col  int
	rule, kind string
	secret     string // the planted key, for key markers
}

// plant is a value the test wrote into a file.
type plant struct {
	path, kind, value string
	line, col         int
	endLine, endCol   int
}

func findingKey(path string, line, col int, rule, kind string) string {
	if kind != "" {
		rule += ":" + kind
	}
	return fmt.Sprintf("%s:%d:%d %s", path, line, col, rule)
}

// overlaps reports whether a finding's span overlaps a planted value. Both
// are on one line in the matrix, except a finding that runs to a later line.
func overlaps(f scanner.Finding, p plant) bool {
	before := f.EndLine < p.line || (f.EndLine == p.line && f.EndColumn <= p.col)
	after := f.Line > p.endLine || (f.Line == p.endLine && f.Column >= p.endCol)
	return !before && !after
}

// markerRE matches the markers of a template. Anything else between double
// braces ({{ .Values.x }}, ${{ secrets.X }}) is template text of the syntax
// itself and is kept.
var markerRE = regexp.MustCompile(`^\{\{(key|ck|decoy|uuid|lbrace|s3id|s3secret|s3token|vmpass|@[a-z-]+(?::[a-z-]+)?)\}\}`)

// looksLikeMarkerRE catches misspelt markers, which would otherwise be kept
// as text and silently test nothing.
var looksLikeMarkerRE = regexp.MustCompile(`^\{\{[a-z@][^{}\s]*\}\}`)

// renderTemplate replaces the markers of one file with fresh values and
// returns the text, the findings it calls for and the decoys it planted,
// placed at the line and byte column where they end up in the text.
func renderTemplate(t *testing.T, path, tmpl string) (string, []expectation, []plant) {
	t.Helper()
	var b strings.Builder
	var exps []expectation
	var plants []plant
	type pending struct {
		exp   *expectation
		plant *plant
		off   int
		value string
	}
	var marks []pending
	for i := 0; i < len(tmpl); {
		m := markerRE.FindStringSubmatch(tmpl[i:])
		if m == nil {
			if looksLikeMarkerRE.MatchString(tmpl[i:]) {
				t.Fatalf("%s: unknown marker %q", path, looksLikeMarkerRE.FindString(tmpl[i:]))
			}
			b.WriteByte(tmpl[i])
			i++
			continue
		}
		i += len(m[0])
		off := b.Len()
		switch name := m[1]; {
		case name == "key":
			v := testkeys.New(t)
			marks = append(marks, pending{exp: &expectation{rule: rules.RuleAPIKey, secret: v}, off: off, value: v})
			b.WriteString(v)
		case name == "ck":
			v := newPrefixedKey(t)
			marks = append(marks, pending{exp: &expectation{rule: rules.RuleAPIKeyPrefixed, secret: v}, off: off, value: v})
			b.WriteString(v)
		case name == "lbrace":
			b.WriteString("{{") // a literal {{, as Postman's variables open
		case strings.HasPrefix(name, "s3") || name == "vmpass":
			v, rule, kind := credentialMarker(t, name)
			marks = append(marks, pending{exp: &expectation{rule: rule, kind: kind, secret: v}, off: off, value: v})
			b.WriteString(v)
		case name == "decoy" || name == "uuid":
			v := testkeys.New(t)
			if name == "uuid" {
				v = newUUID(t)
			}
			marks = append(marks, pending{plant: &plant{kind: name}, off: off, value: v})
			b.WriteString(v)
		default:
			rule, kind, _ := strings.Cut(name[1:], ":")
			if _, ok := rules.Lookup(rule); !ok {
				t.Fatalf("%s: marker %q names no rule", path, m[0])
			}
			marks = append(marks, pending{exp: &expectation{rule: rule, kind: kind}, off: off})
		}
	}
	text := b.String()
	lines := lineStarts(text)
	for _, mk := range marks {
		line, col := position(lines, mk.off)
		if mk.exp != nil {
			e := *mk.exp
			e.path, e.line, e.col = path, line, col
			exps = append(exps, e)
			continue
		}
		p := *mk.plant
		p.path, p.value, p.line, p.col = path, mk.value, line, col
		p.endLine, p.endCol = position(lines, mk.off+len(mk.value))
		plants = append(plants, p)
	}
	return text, exps, plants
}

// lineStarts returns the offsets where the lines of text start. \n, \r\n
// and a lone \r each end a line, as editors and the scanner count them.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n':
			i++
			starts = append(starts, i+1)
		case text[i] == '\n' || text[i] == '\r':
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position turns an offset into a 1-based line and byte column.
func position(starts []int, off int) (line, col int) {
	i, found := slices.BinarySearch(starts, off)
	if !found {
		i--
	}
	return i + 1, off - starts[i] + 1
}

// lineOf returns line n (1-based) of text, for failure messages.
func lineOf(text string, n int) string {
	starts := lineStarts(text)
	if n < 1 || n > len(starts) {
		return ""
	}
	end := len(text)
	if n < len(starts) {
		end = starts[n]
	}
	return strings.TrimRight(text[starts[n-1]:end], "\r\n")
}

// newUUID returns a fresh random (version 4) UUID.
func newUUID(t *testing.T) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// newPrefixedKey returns a fresh ck_live_ key with a random body. A random
// body can, rarely, contain a filler such as "abc" or "123" that the core
// rightly treats as a placeholder; such bodies are drawn again, judged by
// the core on the bare token, so that no test flakes on them.
func newPrefixedKey(t *testing.T) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	for range 100 {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			t.Fatal(err)
		}
		for i := range b {
			b[i] = alphabet[int(b[i])%len(alphabet)]
		}
		key := "ck_live_" + string(b)
		if len(rules.Default.Find([]byte(key), rules.Hint{})) == 1 {
			return key
		}
	}
	t.Fatal("no random ck_live_ body was accepted by the core in 100 draws")
	return ""
}

// credentialMarker makes the value of a credential marker and says which
// rule and kind must report it.
func credentialMarker(t *testing.T, name string) (value, rule, kind string) {
	switch name {
	case "s3id":
		return testkeys.S3AccessKey(t), rules.RuleObjectStorageKey, rules.KindS3AccessKey
	case "s3secret":
		return testkeys.S3SecretKey(t), rules.RuleObjectStorageKey, rules.KindS3SecretKey
	case "s3token":
		return testkeys.S3SessionToken(t), rules.RuleObjectStorageKey, rules.KindS3SessionToken
	}
	return testkeys.Password(t), rules.RuleVMPassword, ""
}

package config

import (
	"bytes"
	"errors"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/cudoscan/cudoscan/rules"
)

// testCorpus returns every string literal of the package's tests: the
// configuration files, good and bad, that the tests parse.
func testCorpus(f *testing.F) []string {
	file, err := goparser.ParseFile(token.NewFileSet(), "config_test.go", nil, 0)
	if err != nil {
		f.Fatal(err)
	}
	var out []string
	ast.Inspect(file, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out = append(out, s)
			}
		}
		return true
	})
	return out
}

// FuzzParse checks the configuration parser: for any input it does not
// panic, leaves the input alone and gives the same answer twice; an error
// is an *Error on a line of the file; a configuration it accepts holds
// only valid globs, known confidences and allow entries with a reason on
// a line of the file; and a context word written as a quoted YAML string
// is read back as it was written.
func FuzzParse(f *testing.F) {
	for _, s := range testCorpus(f) {
		f.Add([]byte(s), "gpucloud")
	}
	f.Add([]byte(Example), "")
	if b, err := os.ReadFile("../" + FileName); err == nil {
		f.Add(b, "")
	}
	// Aliases that expand exponentially: the parser must not.
	f.Add([]byte("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nexclude: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"), "")
	f.Add([]byte("\xef\xbb\xbfexclude: [a]\r\n"), "été ☃")
	f.Fuzz(func(t *testing.T, data []byte, word string) {
		orig := bytes.Clone(data)
		c, err := Parse(FileName, data)
		if !bytes.Equal(data, orig) {
			t.Fatal("the input changed")
		}
		c2, err2 := Parse(FileName, data)
		if !reflect.DeepEqual(c, c2) || (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("two parses disagree: %+v, %v; %+v, %v", c, err, c2, err2)
		}
		lines := yamlLines(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != FileName || e.Line < 0 || e.Line > lines {
				t.Fatalf("error %#v: not an *Error of %s on one of its %d lines", err, FileName, lines)
			}
		} else {
			checkConfig(t, c, lines)
		}

		// A context word, written as a double-quoted YAML string, reads
		// back as written.
		if !utf8.ValidString(word) || len(strings.TrimSpace(word)) < 3 {
			return
		}
		src := "context-words:\n  - " + strconv.Quote(word) + "\n"
		c, err = Parse(FileName, []byte(src))
		if err != nil || len(c.ContextWords) != 1 || c.ContextWords[0] != word {
			t.Fatalf("%q parsed to %+v, %v; want the context word %q", src, c, err, word)
		}
	})
}

// checkConfig checks what every accepted configuration holds.
func checkConfig(t *testing.T, c *Config, lines int) {
	t.Helper()
	if c.Path != FileName {
		t.Fatalf("path %q", c.Path)
	}
	for _, g := range append(append([]string{}, c.Include...), c.Exclude...) {
		if !doublestar.ValidatePattern(g) || g == "" {
			t.Fatalf("invalid glob %q accepted", g)
		}
	}
	for _, a := range c.Allow {
		if !doublestar.ValidatePattern(a.Path) || strings.TrimSpace(a.Reason) == "" || a.Line < 1 || a.Line > lines {
			t.Fatalf("allow entry %+v accepted", a)
		}
		for _, r := range a.Rules {
			if _, ok := rules.Lookup(r); !ok {
				t.Fatalf("allow entry %+v: unknown rule accepted", a)
			}
		}
	}
	for _, w := range c.ContextWords {
		if len(strings.TrimSpace(w)) < 3 {
			t.Fatalf("short context word %q accepted", w)
		}
	}
	if c.MinConfidence != 0 && c.MinConfidence != rules.ConfidenceMedium && c.MinConfidence != rules.ConfidenceHigh {
		t.Fatalf("confidence %v accepted", c.MinConfidence)
	}
	if v := c.Verify; v.Timeout < 0 || v.MaxWait < 0 || v.Jobs < 0 {
		t.Fatalf("verify %+v accepted", v)
	}
}

// yamlLines counts the lines of a YAML document as YAML does: \n, \r\n
// and a lone \r end a line, and so do NEL, LS and PS.
func yamlLines(data []byte) int {
	n := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n"))
	for _, brk := range []string{"\u0085", "\u2028", "\u2029"} {
		n += bytes.Count(data, []byte(brk))
	}
	return n
}

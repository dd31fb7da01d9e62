package scanner_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/cudoscan/cudoscan/internal/testkeys"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
)

// TestSyntaxMatrixEncoded renders every syntax of the matrix (see
// TestSyntaxMatrix) with its keys and decoys written encoded: base64,
// percent-encoded, and \u-escaped. Each key must be found where its
// encoded form starts, with that encoding; no encoded decoy may be
// reported. Findings of other rules are TestSyntaxMatrix's business: a
// header whose key is encoded reads differently.
func TestSyntaxMatrixEncoded(t *testing.T) {
	for _, m := range matrixArchives(t) {
		for _, enc := range matrixEncodings {
			t.Run(m.syntax+"/"+enc.name, func(t *testing.T) {
				t.Parallel()
				runEncodedCase(t, m.ar, enc.name, enc.encode)
			})
		}
	}
}

var matrixEncodings = []struct {
	name   string
	encode func(string) string
}{
	{rules.EncodingBase64, func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }},
	{rules.EncodingPercent, func(s string) string { return eachByte(s, "%%%02X") }},
	{rules.EncodingEscape, func(s string) string { return eachByte(s, `\u%04x`) }},
}

func eachByte(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

func runEncodedCase(t *testing.T, ar *txtar.Archive, enc string, encode func(string) string) {
	root := t.TempDir()
	var want []expectation
	var decoys []string
	rendered := map[string]string{}
	for _, f := range ar.Files {
		text, exps, ds := renderEncoded(t, f.Name, string(f.Data), enc, encode)
		rendered[f.Name] = text
		want = append(want, exps...)
		decoys = append(decoys, ds...)
		writeTreeFile(t, root, f.Name, text)
	}
	res, err := scanner.Scan(context.Background(), []string{root}, scanner.Options{})
	if err != nil || len(res.Stats.Errors) > 0 {
		t.Fatalf("scan: %v, %+v", err, res.Stats.Errors)
	}
	got := map[string]scanner.Finding{}
	for _, f := range res.Findings {
		if f.RuleID == rules.RuleAPIKey {
			got[findingKey(f.Path, f.Line, f.Column, f.RuleID, "")] = f
		}
	}
	wanted := map[string]bool{}
	for _, e := range want {
		k := findingKey(e.path, e.line, e.col, e.rule, "")
		wanted[k] = true
		f, ok := got[k]
		switch {
		case !ok:
			t.Errorf("missed: %s\n\t%s", k, lineOf(rendered[e.path], e.line))
		case f.Secret != e.secret || f.Encoding != enc:
			t.Errorf("%s: secret %q (%s), want the planted %q (%s)", k, f.Secret, f.Encoding, e.secret, enc)
		}
	}
	for k, f := range got {
		if !wanted[k] && f.Encoding != "" {
			t.Errorf("false positive: %s (%s, %s)\n\t%s", k, f.Encoding, f.Confidence, lineOf(rendered[f.Path], f.Line))
		}
	}
	for _, d := range decoys {
		for _, f := range res.Findings {
			if strings.Contains(f.Secret, d) {
				t.Errorf("encoded decoy reported by %s at %s:%d:%d", f.RuleID, f.Path, f.Line, f.Column)
			}
		}
	}
}

// renderEncoded renders a matrix template with its keys and decoys
// encoded, and returns the text, the findings of the keys, and the decoys.
// A key glued to letters or digits cannot be told apart in base64, whose
// alphabet they are: it is written as it is and not expected encoded.
func renderEncoded(t *testing.T, path, tmpl, enc string, encode func(string) string) (string, []expectation, []string) {
	t.Helper()
	var b strings.Builder
	var exps []expectation
	var decoys []string
	var offs []int
	for i := 0; i < len(tmpl); {
		m := markerRE.FindStringSubmatch(tmpl[i:])
		if m == nil {
			b.WriteByte(tmpl[i])
			i++
			continue
		}
		before := byte(' ')
		if i > 0 {
			before = tmpl[i-1]
		}
		i += len(m[0])
		after := byte(' ')
		if i < len(tmpl) {
			after = tmpl[i]
		}
		glued := enc == rules.EncodingBase64 && (isB64(before) || isB64(after))
		switch m[1] {
		case "key":
			v := testkeys.New(t)
			if glued {
				b.WriteString(v)
				continue
			}
			offs = append(offs, b.Len())
			exps = append(exps, expectation{rule: rules.RuleAPIKey, secret: v})
			b.WriteString(encode(v))
		case "decoy":
			v := testkeys.New(t)
			decoys = append(decoys, v)
			b.WriteString(encode(v))
		case "ck":
			b.WriteString(newPrefixedKey(t))
		case "uuid":
			b.WriteString(newUUID(t))
		}
	}
	text := b.String()
	lines := lineStarts(text)
	for k, off := range offs {
		exps[k].path = path
		exps[k].line, exps[k].col = position(lines, off)
	}
	return text, exps, decoys
}

func isB64(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

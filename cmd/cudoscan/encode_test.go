package main

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/testscript"
)

// encodeRE matches the innermost spans cmdEncode encodes:
// [[ENCODING:TEXT]] with no [[ or ]] in TEXT.
var encodeRE = regexp.MustCompile(`\[\[(base64|base64url|hex|percent|unicode|xescape):([^\[\]]*)\]\]`)

// cmdEncode replaces every [[ENCODING:TEXT]] in files with TEXT encoded:
// base64, base64url (unpadded), hex, percent (every byte %XX), unicode
// (every byte \u00XX) or xescape (every byte \xXX). Spans nest: the
// innermost are encoded first. Run it after plant, so that the keys are
// encoded at test time like everything else.
func cmdEncode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: encode FILE...")
	}
	for _, name := range args {
		p := ts.MkAbs(name)
		b, err := os.ReadFile(p)
		ts.Check(err)
		out := string(b)
		for encodeRE.MatchString(out) {
			out = encodeRE.ReplaceAllStringFunc(out, func(m string) string {
				sub := encodeRE.FindStringSubmatch(m)
				return encodeAs(sub[1], sub[2])
			})
		}
		ts.Check(os.WriteFile(p, []byte(out), 0o644))
	}
}

// encodeAs encodes s as the named encoding.
func encodeAs(enc, s string) string {
	each := func(format string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, format, s[i])
		}
		return b.String()
	}
	switch enc {
	case "base64":
		return base64.StdEncoding.EncodeToString([]byte(s))
	case "base64url":
		return base64.RawURLEncoding.EncodeToString([]byte(s))
	case "hex":
		return hex.EncodeToString([]byte(s))
	case "percent":
		return each("%%%02X")
	case "unicode":
		return each(`\u%04x`)
	case "xescape":
		return each(`\x%02x`)
	}
	panic("unknown encoding " + enc)
}

// cmdUTF16 rewrites files as UTF-16: utf16 le|be|le-bom|be-bom FILE...
func cmdUTF16(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: utf16 le|be|le-bom|be-bom FILE...")
	}
	for _, name := range args[1:] {
		p := ts.MkAbs(name)
		b, err := os.ReadFile(p)
		ts.Check(err)
		ts.Check(os.WriteFile(p, toUTF16(string(b), args[0]), 0o644))
	}
}

// toUTF16 encodes s as UTF-16 in the given byte order, with a BOM for the
// -bom forms.
func toUTF16(s, form string) []byte {
	units := utf16.Encode([]rune(s))
	if strings.HasSuffix(form, "-bom") {
		units = append([]uint16{0xfeff}, units...)
	}
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if strings.HasPrefix(form, "be") {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

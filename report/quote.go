package report

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// quotePath returns a file path as text output prints it. A path is
// printed as it is, unless it holds a byte that would let it pass for
// something else: a line break or another control character (a file named
// "x\nfake.env:1:1: error: ..." must not print a finding line of its
// own), invalid UTF-8, or a leading quote. Such a path is printed quoted
// and escaped as a Go string, strconv.Quote, which names every byte.
// JSON output needs no such care: encoding/json escapes control characters
// and writes invalid UTF-8 as U+FFFD, so the document stays valid.
func quotePath(p string) string {
	if p == "" || p[0] == '"' || !utf8.ValidString(p) {
		return strconv.Quote(p)
	}
	for _, r := range p {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return strconv.Quote(p)
		}
	}
	return p
}

package analyzer

import (
	"go/ast"
	"go/constant"
	"strings"

	"github.com/cudoscan/cudoscan/rules"
)

// keysIn returns the offsets in s of the 64-hex runs shaped like CUDO keys,
// bounded as the core bounds them: not part of a longer token (0x..., a
// 128-hex blob), except that a key may be glued to "Bearer".
func keysIn(s string) []int {
	var at []int
	for i := 0; i+rules.KeyLen <= len(s); {
		if !isHexLower(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isHexLower(s[j]) {
			j++
		}
		if j-i == rules.KeyLen && rules.IsKeyShaped(s[i:j]) &&
			(j == len(s) || !isWordByte(s[j])) &&
			(i == 0 || !isWordByte(s[i-1]) || hasSuffixFold(s[:i], "bearer")) {
			at = append(at, i)
		}
		i = j
	}
	return at
}

func isHexLower(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

func isWordByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case; prefix is lowercase.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// indexFold is strings.Index ignoring ASCII case; sub is lowercase. It
// folds in place, so the offset it returns is an offset in s whatever
// non-ASCII text s holds.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefixFold(s[i:], sub) {
			return i
		}
	}
	return -1
}

// constString returns the folded value of e when e is a constant string
// expression: a literal, a named constant, or any concatenation or
// conversion of them.
func (u *unit) constString(e ast.Expr) (string, bool) {
	tv, ok := u.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

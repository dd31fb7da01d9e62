package analyzer

import (
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

func TestKeysIn(t *testing.T) {
	k, k2 := testkeys.New(t), testkeys.New(t)
	for _, tc := range []struct {
		s    string
		want []int
	}{
		{k, []int{0}},
		{"Bearer " + k, []int{7}},
		{"Bearer" + k, []int{6}},           // glued to the scheme: still a key
		{k + "\n", []int{0}},               // a trailing newline is no part of it
		{"0x" + k, nil},                    // an 0x value
		{"sha256_" + k, nil},               // part of a longer token
		{k + k2, nil},                      // 128 hex digits
		{k[:63], nil},                      // too short
		{strings.ToUpper(k), nil},          // keys are lowercase
		{strings.Repeat("ab", 32), nil},    // a filler
		{k + " " + k2, []int{0, 65}},       // two keys
		{"ключ=" + k, []int{len("ключ=")}}, // byte offsets
	} {
		if got := keysIn(tc.s); !slices.Equal(got, tc.want) {
			t.Errorf("keysIn(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

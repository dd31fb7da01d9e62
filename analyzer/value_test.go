package analyzer

import (
	"slices"
	"testing"
)

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   []formatSeg
		ok     bool
	}{
		{"Bearer %s", []formatSeg{{text: "Bearer "}, {verb: 's'}}, true},
		{"Bearer%s", []formatSeg{{text: "Bearer"}, {verb: 's'}}, true},
		{"%s %-10v%%!%d", []formatSeg{{verb: 's'}, {text: " "}, {verb: 'v', arg: 1}, {text: "%!"}, {verb: 'd', arg: 2}}, true},
		{"%[1]s", nil, false},
		{"%*s", nil, false},
		{"trailing %", nil, false},
	} {
		got, ok := parseFormat(tc.format)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("parseFormat(%q) = %v, %v; want %v, %v", tc.format, got, ok, tc.want, tc.ok)
		}
	}
}

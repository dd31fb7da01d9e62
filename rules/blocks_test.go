package rules

import (
	"reflect"
	"strings"
	"testing"
)

func TestEnclosingLines(t *testing.T) {
	tests := []struct {
		name string
		src  string // the value's line is the last one
		want []string
	}{
		{"YAML list item", "projects:\n- name: main\n  backends:\n  - type: cudo\n    creds:\n      type: api_key\n      api_key: x",
			[]string{"    creds:", "  - type: cudo", "- name: main"}},
		{"HCL block", "provider \"cudo\" {\n  project_id = \"p\"\n  api_key = \"x\"", []string{"provider \"cudo\" {"}},
		{"INI section", "[cudo]\nproject = p\n\napi_key = x", []string{"[cudo]"}},
		{"TOML table with indented keys", "[providers.cudo]\n  api_key = \"x\"", []string{"[providers.cudo]"}},
		{"comments and blank lines enclose nothing", "cudo:\n  # the key\n\n  api_key: x", []string{"cudo:"}},
		{"top level", "a: 1\nb: 2", nil},
		{"CRLF", "cudo:\r\n  api_key: x", []string{"cudo:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			ls := lineStart(src, len(src), len(src))
			var got []string
			for _, w := range enclosingLines(src, ls, windowBefore) {
				got = append(got, string(src[w.lo:w.hi]))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("enclosing lines = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScopeOf(t *testing.T) {
	tests := []struct {
		name string
		src  string // the value's line is the last one
		want blockScope
	}{
		{"dstack cudo backend", "- type: cudo\n  creds:\n    type: api_key\n    api_key: x", scopeCudo},
		{"dstack vastai backend", "- type: cudo\n  project_id: p\n- type: vastai\n  creds:\n    type: api_key\n    api_key: x", scopeForeign},
		{"Terraform provider", "provider \"cudo\" {\n  api_key = \"x\"", scopeCudo},
		{"Terraform other provider", "provider \"cudo\" {\n}\nprovider \"linode\" {\n  token = \"x\"", scopeForeign},
		{"TOML provider table", "[providers.cudo]\n[providers.vastai]\napi_key = \"x\"", scopeForeign},
		{"a credential type is no provider", "creds:\n  type: api_key\n  nested:\n    api_key: x", scopeNone},
		{"a data type is no provider", "variable \"k\" {\n  type = string\n  default = \"x\"", scopeNone},
		{"an untyped block says nothing", "# CUDO\nsettings:\n  api_key: x", scopeNone},
		{"a deeper CUDO block wins", "- type: vastai\n  cudo:\n    api_key: x", scopeCudo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			m := findMentions(src, "", nil)
			ls := strings.LastIndexByte(tt.src, '\n') + 1
			if got := Default.scopeOf(src, ls, &m); got != tt.want {
				t.Errorf("scope = %d, want %d", got, tt.want)
			}
		})
	}
}

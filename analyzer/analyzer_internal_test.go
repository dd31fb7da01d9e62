package analyzer

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestHintPath checks that the path given to the core is relative to the
// module root, whatever the checkout is called: a checkout named after the
// provider must not make every file of it context.
func TestHintPath(t *testing.T) {
	for _, tc := range []struct {
		pkg, module, file, want string
	}{
		{"example.com/cudo-infra/deploy", "example.com/cudo-infra", "/home/u/cudo-infra/deploy/main.go", "deploy/main.go"},
		{"example.com/cudo-infra", "example.com/cudo-infra", "/src/main.go", "main.go"},
		{"example.com/m/p_test", "example.com/m", "/src/p/x_test.go", "p/x_test.go"},
		{"net/http", "", "/usr/local/go/src/net/http/client.go", "net/http/client.go"},
	} {
		pass := &analysis.Pass{Pkg: types.NewPackage(tc.pkg, "p")}
		if tc.module != "" {
			pass.Module = &analysis.Module{Path: tc.module}
		}
		if got := hintPath(pass, tc.file); got != tc.want {
			t.Errorf("hintPath(%s in %s, %s) = %q, want %q", tc.pkg, tc.module, tc.file, got, tc.want)
		}
	}
}

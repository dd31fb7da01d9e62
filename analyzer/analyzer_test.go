package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cudoscan/cudoscan/analyzer"
)

// TestAnalyzer runs the analyzer over the fixture packages under
// testdata/src. Every line it must report carries a // want comment and
// every line it must not report says why; every file whose diagnostics
// offer fixes has a .golden twin that applying all of them must produce.
// (RunWithSuggestedFixes checks the diagnostics as Run does, so one call,
// and one load of the fixtures' dependencies, covers both.)
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer,
		"keys",      // what the core finds in Go files, and the key fix
		"split",     // keys only the type checker sees
		"headers",   // net/http Authorization headers
		"grpc",      // gRPC metadata, against a stub of the package
		"imports",   // fixes that add imports, or cannot
		"suppress",  // inline suppressions of type-based findings
		"nocontext", // a package that never names CUDO: nothing
		"broken",    // a package that does not type-check
	)
}

package parity_test

import (
	"os"
	"testing"

	"github.com/cudoscan/cudoscan/analyzer"
)

// TestMain runs the analyzer without a config file: the fixtures live in
// this repository, whose own .cudoscan.yaml excludes **/testdata/**, and
// what they test is the checks, not this repository's policy (the tests of
// cudovet's config handling give their own file).
func TestMain(m *testing.M) {
	if err := analyzer.Analyzer.Flags.Set("no-config", "true"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

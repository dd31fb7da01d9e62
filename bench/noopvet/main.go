// Command noopvet is a go vet tool that checks nothing. bench/compare.sh
// runs `go vet -vettool=noopvet std` once to fill a build cache with what
// every vet run of std needs (export data, test variants included) but no
// vet results: the timed go vet runs start from a copy of that cache, so
// they measure the analysis, not the compiler, and never a cache hit.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/singlechecker"
)

var analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop reports nothing; it primes the build cache for timing go vet.",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { singlechecker.Main(analyzer) }

// Command cudovet reports leaked CUDO Compute API keys and malformed
// Authorization headers in Go packages.
//
// It runs standalone,
//
//	cudovet ./...
//	cudovet -fix ./...
//
// or as a vet tool, next to the standard checks' own run:
//
//	go vet -vettool=$(command -v cudovet) ./...
//
// See package github.com/cudoscan/cudoscan/analyzer for what it reports.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/cudoscan/cudoscan/analyzer"
)

// singlechecker owns the command line, the exit codes and the vet tool
// protocol (go vet hands it a .cfg file), so main is only this.
func main() { singlechecker.Main(analyzer.Analyzer) }

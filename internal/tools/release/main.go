// Command release builds cudoscan's release archives: cudoscan and cudovet
// for linux, darwin and windows on amd64 and arm64, static (CGO_ENABLED=0)
// and stamped with the version, each platform in one archive (.tar.gz, or
// .zip for windows) with the LICENSE, README and CHANGELOG, and a
// SHA256SUMS file over the archives. The archives are reproducible: the
// same commit and version give the same bytes (sorted entries, fixed
// owners and modes, the commit's time).
//
//	go run ./internal/tools/release -version v1.2.3      # make release VERSION=v1.2.3
//	go run ./internal/tools/release -snapshot            # make snapshot
//
// A version needs its section in CHANGELOG.md ("## [v1.2.3] - 2026-12-02");
// -snapshot builds without one, as v0.0.0-snapshot unless -version says.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	var c config
	flag.StringVar(&c.version, "version", "", "the `VERSION` to build, vMAJOR.MINOR.PATCH[-PRE]")
	flag.BoolVar(&c.snapshot, "snapshot", false, "build without a CHANGELOG section for the version (CI, trying a release)")
	flag.StringVar(&c.out, "out", "dist", "the `DIR` to write the archives and SHA256SUMS to (emptied first)")
	platforms := flag.String("platforms", strings.Join(defaultPlatforms, ","), "comma-separated `GOOS/GOARCH` list")
	flag.Parse()
	c.platforms = strings.Split(*platforms, ",")
	if c.snapshot && c.version == "" {
		c.version = "v0.0.0-snapshot"
	}
	if err := build(c, "."); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// Command modproxy serves this checkout as a version of its module in a
// file-based module proxy, so that CI can prove what the README tells
// users to run: go install github.com/cudoscan/cudoscan/cmd/cudoscan@VERSION,
// from a fresh GOPATH, with GOPROXY=file://DIR and the real proxy behind it
// for the dependencies. The module is HEAD's committed files. Nothing is
// published anywhere.
//
//	go run ./internal/tools/modproxy -dir /tmp/proxy -version v0.0.0-ci
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

func main() {
	dir := flag.String("dir", "", "the proxy `DIR` to write (GOPROXY=file://DIR)")
	version := flag.String("version", "", "the module `VERSION` to serve the checkout as (e.g. v0.0.0-ci)")
	root := flag.String("module", ".", "the module's root `DIR`")
	flag.Parse()
	if err := run(*root, *dir, *version); err != nil {
		fmt.Fprintln(os.Stderr, "modproxy:", err)
		os.Exit(1)
	}
}

func run(root, dir, version string) error {
	if dir == "" || version == "" {
		return fmt.Errorf("-dir and -version are required")
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	path := modfile.ModulePath(gomod)
	mv := module.Version{Path: path, Version: version}
	if err := module.Check(path, version); err != nil {
		return err
	}
	escaped, err := module.EscapePath(path)
	if err != nil {
		return err
	}
	at := filepath.Join(dir, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		return err
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, time.Now().UTC()})
	if err != nil {
		return err
	}
	files := map[string][]byte{"list": []byte(version + "\n"), version + ".info": info, version + ".mod": gomod}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(at, name), b, 0o644); err != nil {
			return err
		}
	}
	z, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		return err
	}
	// The committed files, as a tag would publish them: not the build
	// outputs or work in progress of the checkout.
	if err := zip.CreateFromVCS(z, mv, root, "HEAD", ""); err != nil {
		z.Close()
		return err
	}
	return z.Close()
}

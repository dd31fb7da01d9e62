package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

// defaultPlatforms are the GOOS/GOARCH pairs a release is built for.
var defaultPlatforms = []string{
	"linux/amd64", "linux/arm64",
	"darwin/amd64", "darwin/arm64",
	"windows/amd64", "windows/arm64",
}

// commands are the packages of the binaries a release ships.
var commands = []string{"./cmd/cudoscan", "./cmd/cudovet"}

// docs go into every archive beside the binaries.
var docs = []string{"LICENSE", "README.md", "CHANGELOG.md"}

const versionVar = "github.com/cudoscan/cudoscan/internal/version.Release"

type config struct {
	version   string
	snapshot  bool
	out       string
	platforms []string
}

// build writes the release of the module at root into c.out.
func build(c config, root string) error {
	// A module version in full: semver.Canonical drops build metadata
	// (which the go command refuses in a module version) and fills in
	// shorthand (v1.2), so only vMAJOR.MINOR.PATCH[-PRE] is its own.
	if !semver.IsValid(c.version) || semver.Canonical(c.version) != c.version {
		return fmt.Errorf("-version %q is not a module version like v1.2.3", c.version)
	}
	if !c.snapshot {
		log, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
		if err != nil {
			return err
		}
		if !hasSection(log, c.version) {
			return fmt.Errorf("CHANGELOG.md has no section for %s: move the Unreleased entries under \"## [%s] - %s\" first, or build with -snapshot",
				c.version, c.version, time.Now().UTC().Format("2006-01-02"))
		}
	}
	for _, p := range c.platforms {
		if !slices.Contains(defaultPlatforms, p) {
			return fmt.Errorf("-platforms: %q is not one of %s", p, strings.Join(defaultPlatforms, ", "))
		}
	}
	mtime, err := commitTime(root)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(c.out); err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "cudoscan-release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var archives []string
	for _, p := range c.platforms {
		goos, goarch, _ := strings.Cut(p, "/")
		name := fmt.Sprintf("cudoscan_%s_%s_%s", strings.TrimPrefix(c.version, "v"), goos, goarch)
		var files []file
		for _, cmd := range commands {
			bin := filepath.Base(cmd)
			if goos == "windows" {
				bin += ".exe"
			}
			dst := filepath.Join(tmp, name, bin)
			if err := goBuild(root, goos, goarch, c.version, cmd, dst); err != nil {
				return err
			}
			files = append(files, file{name: bin, path: dst, mode: 0o755})
		}
		for _, d := range docs {
			files = append(files, file{name: d, path: filepath.Join(root, d), mode: 0o644})
		}
		archive := name + ".tar.gz"
		write := writeTarGz
		if goos == "windows" {
			archive, write = name+".zip", writeZip
		}
		if err := write(filepath.Join(c.out, archive), name, files, mtime); err != nil {
			return fmt.Errorf("%s: %w", archive, err)
		}
		fmt.Fprintf(os.Stderr, "release: %s\n", filepath.Join(c.out, archive))
		archives = append(archives, archive)
	}
	return writeChecksums(c.out, archives)
}

// goBuild builds one static, trimmed, stamped binary.
func goBuild(root, goos, goarch, version, pkg, dst string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X "+versionVar+"="+version, "-o", dst, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=readonly")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s for %s/%s: %w", pkg, goos, goarch, err)
	}
	return nil
}

// hasSection reports whether a Keep a Changelog file has a heading for
// version: "## [v1.2.3]" or "## v1.2.3", with or without a date.
func hasSection(changelog []byte, version string) bool {
	for line := range bytes.Lines(changelog) {
		h, ok := strings.CutPrefix(strings.TrimSpace(string(line)), "## ")
		if !ok {
			continue
		}
		h = strings.TrimPrefix(h, "[")
		if rest, ok := strings.CutPrefix(h, version); ok && (rest == "" || strings.HasPrefix(rest, "]") || strings.HasPrefix(rest, " ")) {
			return true
		}
	}
	return false
}

// commitTime is HEAD's commit time, the time of every archive entry, so
// that a release can be rebuilt byte for byte. SOURCE_DATE_EPOCH, the
// reproducible-builds convention, overrides it.
func commitTime(root string) (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		cmd := exec.Command("git", "log", "-1", "--format=%ct")
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			return time.Time{}, fmt.Errorf("git log -1 (the commit's time stamps the archives; set SOURCE_DATE_EPOCH outside a git checkout): %w", err)
		}
		s = strings.TrimSpace(string(out))
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("commit time %q: %w", s, err)
	}
	return time.Unix(sec, 0).UTC(), nil
}

// writeChecksums writes SHA256SUMS over the archives, in the format of
// sha256sum, so that `sha256sum -c SHA256SUMS` checks a download.
func writeChecksums(dir string, archives []string) error {
	var b strings.Builder
	slices.Sort(archives)
	for _, a := range archives {
		data, err := os.ReadFile(filepath.Join(dir, a))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), a)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}

package rules

import "strings"

// checksumFiles hold nothing but digests: lockfiles and checksum lists. A
// 64-hex string there is a SHA-256, whatever the file mentions.
var checksumFiles = set("go.sum", "go.work.sum", "package-lock.json", "npm-shrinkwrap.json",
	"yarn.lock", "pnpm-lock.yaml", "cargo.lock", "poetry.lock", "pipfile.lock", "gemfile.lock",
	"composer.lock", "flake.lock", "packages.lock.json", "uv.lock", "pdm.lock", "bun.lock",
	".terraform.lock.hcl", "sha256sums", "sha256sums.txt", "checksums.txt", "sha512sums")

var checksumSuffixes = []string{".sha256", ".sha256sum", ".sha512", ".sha256.txt", "_checksums.txt", ".lock"}

// isYAMLPath reports whether path names a YAML file, or is unknown ("").
func isYAMLPath(path string) bool {
	lower := strings.ToLower(path)
	return path == "" || strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml")
}

// isChecksumFile reports whether path (slash-separated) names a lockfile or
// a checksum list.
func isChecksumFile(path string) bool {
	if path == "" {
		return false
	}
	base := strings.ToLower(path[strings.LastIndexByte(path, '/')+1:])
	if checksumFiles[base] {
		return true
	}
	for _, s := range checksumSuffixes {
		if strings.HasSuffix(base, s) {
			return true
		}
	}
	return false
}

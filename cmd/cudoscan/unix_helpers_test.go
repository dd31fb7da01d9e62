//go:build unix

package main

import (
	"os"
	"path/filepath"
	"testing"
)

// mkfile writes a file, making its directory.
func mkfile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// keyLine is a .env line with a fresh key.
func keyLine() string { return "CUDO_API_KEY=" + randomHex() + "\n" }

// cudoscanBinary returns this test binary under the name cudoscan, which
// makes it run main (see TestMain). A copy readable by every user when
// shared, for runs as another user; a link otherwise.
func cudoscanBinary(t *testing.T, shared bool) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cudoscan")
	if !shared {
		if err := os.Symlink(self, bin); err != nil {
			t.Fatal(err)
		}
		return bin
	}
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

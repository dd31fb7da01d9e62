//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// writers are the two ways cudoscan writes a file.
var writers = map[string]func(path string, data []byte) error{
	"WriteAtomic": func(path string, data []byte) error { return WriteAtomic(path, data, 0o644) },
	"Create": func(path string, data []byte) error {
		f, err := Create(path, 0o644)
		if err != nil {
			return err
		}
		_, werr := f.Write(data)
		return errors.Join(werr, f.Close())
	},
}

func TestNewAndRegularFiles(t *testing.T) {
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			fresh := filepath.Join(dir, "new.jsonl")
			if err := write(fresh, []byte("a\n")); err != nil {
				t.Fatal(err)
			}
			if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o644 {
				t.Errorf("new file mode %v, want 0644", fi.Mode().Perm())
			}

			private := filepath.Join(dir, "private.jsonl")
			mustWrite(t, private, "old content that is longer\n", 0o600)
			if err := write(private, []byte("b\n")); err != nil {
				t.Fatal(err)
			}
			fi, _ := os.Stat(private)
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("a 0600 file became %v", fi.Mode().Perm())
			}
			if got, _ := os.ReadFile(private); string(got) != "b\n" {
				t.Errorf("content %q, want %q", got, "b\n")
			}
		})
	}
}

func TestHardLinkKept(t *testing.T) {
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
			mustWrite(t, a, "old\n", 0o644)
			if err := os.Link(a, b); err != nil {
				t.Skip("no hard links here:", err)
			}
			if err := write(a, []byte("new\n")); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(b); string(got) != "new\n" {
				t.Errorf("the other link reads %q: the link was broken", got)
			}
		})
	}
}

func TestRefused(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	mustWrite(t, target, "keep\n", 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{"symlink": link, "fifo": fifo, "directory": dir}
	if os.Geteuid() == 0 {
		// A device of its own, never /dev/null: if the test failed, it
		// would have destroyed the device.
		dev := filepath.Join(dir, "null")
		if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
			cases["device"] = dev
		}
	}
	for name, write := range writers {
		for what, path := range cases {
			t.Run(name+"/"+what, func(t *testing.T) {
				before, _ := os.Lstat(path)
				err := write(path, []byte("x\n"))
				if !errors.Is(err, ErrNotRegular) {
					t.Fatalf("err = %v, want ErrNotRegular", err)
				}
				after, lerr := os.Lstat(path)
				if lerr != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
					t.Errorf("%s was replaced or changed", path)
				}
			})
		}
	}
	if got, _ := os.ReadFile(target); string(got) != "keep\n" {
		t.Errorf("the symlink's target was written: %q", got)
	}
}

func mustWrite(t *testing.T, path, text string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

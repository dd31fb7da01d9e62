//go:build unix

package scanner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// The tree changes under the scan at the moments a race would change it,
// through testHook. Each case says what the documented outcome is.

// withHook sets testHook for one test.
func withHook(t *testing.T, fn func(event, path string)) {
	testHook = fn
	t.Cleanup(func() { testHook = nil })
}

// writeTree writes files (slash paths) under a fresh directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func skipReasons(st Stats) map[string]string {
	m := map[string]string{}
	for _, s := range st.Skipped {
		m[s.Path] = s.Reason
	}
	return m
}

// A file listed by the walk and deleted before it is opened is skipped,
// "deleted during the scan": not an error, since the tree as it now is was
// scanned. The same holds for a directory deleted before it is listed.
func TestFileDeletedDuringScan(t *testing.T) {
	key := testkeys.New(t)
	root := writeTree(t, map[string]string{"a.env": "CUDO_API_KEY=" + key + "\n", "gone.env": "CUDO_API_KEY=" + key + "\n", "sub/x.env": "x\n"})
	withHook(t, func(event, p string) {
		switch {
		case event == "open" && filepath.Base(p) == "gone.env", event == "readdir" && filepath.Base(p) == "sub":
			if err := os.RemoveAll(p); err != nil {
				t.Error(err)
			}
		}
	})
	res, err := Scan(context.Background(), []string{root}, Options{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	skips := skipReasons(res.Stats)
	if skips["gone.env"] != reasonDeleted || skips["sub"] != reasonDeleted || len(res.Stats.Errors) > 0 {
		t.Errorf("skipped %v, errors %v", res.Stats.Skipped, res.Stats.Errors)
	}
	if res.Stats.Files != 1 || len(res.Findings) != 1 || res.Findings[0].Path != "a.env" {
		t.Errorf("files %d, findings %+v", res.Stats.Files, res.Findings)
	}
}

// A file deleted after it was opened is read whole: on Unix an open file
// outlives its name.
func TestFileDeletedAfterOpen(t *testing.T) {
	key := testkeys.New(t)
	root := writeTree(t, map[string]string{"a.env": "CUDO_API_KEY=" + key + "\n"})
	withHook(t, func(event, p string) {
		if event == "opened" {
			os.Remove(p)
		}
	})
	res, err := Scan(context.Background(), []string{root}, Options{})
	if err != nil || res.Stats.Files != 1 || len(res.Findings) != 1 {
		t.Fatalf("%v, %+v, %+v", err, res.Stats, res.Findings)
	}
}

// A file truncated while it is read is scanned up to where it now ends,
// through the stream and through parallel segments; a file that grows is
// scanned up to the size it had when it was opened.
func TestFileChangedDuringScan(t *testing.T) {
	for _, size := range []int{100_000, segmentMin + 1<<20} {
		key, late := testkeys.New(t), testkeys.New(t)
		head := "# cudo\nCUDO_API_KEY=" + key + "\n"
		body := head + strings.Repeat("filler line\n", (size-len(head))/12) + "CUDO_API_KEY=" + late + "\n"
		root := writeTree(t, map[string]string{"shrinks.env": body, "grows.env": head})
		withHook(t, func(event, p string) {
			if event != "opened" {
				return
			}
			switch filepath.Base(p) {
			case "shrinks.env":
				if err := os.Truncate(p, int64(len(head))); err != nil {
					t.Error(err)
				}
			case "grows.env":
				f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Error(err)
					return
				}
				f.WriteString("CUDO_API_KEY=" + late + "\n" + strings.Repeat("more\n", 1000))
				f.Close()
			}
		})
		res, err := Scan(context.Background(), []string{root}, Options{Jobs: 2})
		if err != nil || len(res.Stats.Errors) > 0 || res.Stats.Files != 2 {
			t.Fatalf("size %d: %v, %+v", size, err, res.Stats)
		}
		var secrets []string
		for _, f := range res.Findings {
			secrets = append(secrets, f.Path+" "+f.Secret[:8])
		}
		if len(res.Findings) != 2 || res.Findings[0].Secret != key || res.Findings[1].Secret != key {
			t.Errorf("size %d: findings %v, want the first key in each file and not the late one", size, secrets)
		}
	}
}

// A scan of a tree whose files keep appearing and vanishing finishes.
func TestTreeChurn(t *testing.T) {
	root := t.TempDir()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			p := filepath.Join(root, "d"+string(rune('a'+i%5)), "f"+string(rune('a'+i%7)))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte("x\n"), 0o644)
			if i%3 == 0 {
				os.RemoveAll(filepath.Dir(p))
			}
		}
	}()
	deadline := time.Now().Add(500 * time.Millisecond)
	for time.Now().Before(deadline) {
		res, err := Scan(context.Background(), []string{root}, Options{Jobs: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Stats.Errors {
			t.Errorf("error %s: %s (a vanished file or directory is a skip)", e.Path, e.Err)
		}
	}
	close(stop)
	<-done
}

// A FIFO swapped in for a regular file between the walk and the open is
// never read (the open does not block), and is skipped as a fifo.
func TestFIFOSwappedIn(t *testing.T) {
	root := writeTree(t, map[string]string{"pipe.env": "x\n"})
	withHook(t, func(event, p string) {
		if event == "open" {
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Error(err)
			}
		}
	})
	done := make(chan *Result)
	go func() {
		res, _ := Scan(context.Background(), []string{root}, Options{})
		done <- res
	}()
	select {
	case res := <-done:
		if skipReasons(res.Stats)["pipe.env"] != "fifo" {
			t.Errorf("stats %+v", res.Stats)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the scan blocked on a FIFO")
	}
}

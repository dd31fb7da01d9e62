//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// interrupt starts the real binary (main, signal handling included) with
// args, lets it run for a moment, sends it SIGINT, and returns its exit
// code, output and how long it took to exit after the signal.
func interrupt(t *testing.T, dir string, stdin io.Reader, args ...string) (code int, stdout, stderr string, took time.Duration) {
	t.Helper()
	cmd := exec.Command(cudoscanBinary(t, false), args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("cudoscan %s still running 10s after SIGINT", strings.Join(args, " "))
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String(), time.Since(sent)
}

// Ctrl-C while cudoscan reads a stream that never ends (stdin from a pipe
// whose writer stays silent) stops it within a second, and what it had
// read is scanned and reported: the key is printed, the exit code is 1,
// and the summary says the results are partial.
func TestInterruptStdin(t *testing.T) {
	key := randomHex()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.WriteString("# cudo\nCUDO_API_KEY=" + key + "\n"); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr, took := interrupt(t, t.TempDir(), r, "scan", "-")
	r.Close()
	checkPartial(t, code, stdout, stderr, took, "<stdin>:2:14: error: hard-coded CUDO API key")
}

// checkPartial checks what an interrupted scan that had found a key says:
// it stopped within a second, exits 1, prints the key's finding first
// (wantFirst) and says its results are partial.
func checkPartial(t *testing.T, code int, stdout, stderr string, took time.Duration, wantFirst string) {
	t.Helper()
	if took > time.Second {
		t.Errorf("exited %v after SIGINT", took)
	}
	if code != exitFindings || !strings.HasPrefix(stdout, wantFirst) {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "interrupted: results are partial") {
		t.Errorf("stderr: %s", stderr)
	}
}

// Ctrl-C in the middle of a large file stops the scan within a second; the
// key found in the file scanned before it is printed.
func TestInterruptTree(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300 MB: not in -short")
	}
	dir := t.TempDir()
	key := randomHex()
	mkfile(t, filepath.Join(dir, "tree/a.env"), "CUDO_API_KEY="+key+"\n")
	// Text dense with CUDO context scans slowly enough to be interrupted.
	f, err := os.Create(filepath.Join(dir, "tree/b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	block := bytes.Repeat([]byte("token = cudo_client(api_key) # cudo rest.compute.cudo.org Bearer $X\n"), 1<<14)
	for written := 0; written < 300<<20; written += len(block) {
		if _, err := f.Write(block); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	code, stdout, stderr, took := interrupt(t, dir, nil, "scan", "--jobs", "1", "--max-file-size", "0", "tree")
	checkPartial(t, code, stdout, stderr, took, "tree/a.env:1:14: error: hard-coded CUDO API key")
}

// SIGTERM stops a scan as SIGINT does.
func TestInterruptSIGTERM(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cmd := exec.Command(cudoscanBinary(t, false), "scan", "-")
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		if code := cmd.ProcessState.ExitCode(); code != exitError {
			t.Errorf("exit %d, want %d (interrupted, nothing found)", code, exitError)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 5s after SIGTERM")
	}
	r.Close()
}

// Ctrl-C in history while a large blob is read: the blob is counted in the
// summary, so the count is never lower than the blobs with findings
// printed.
func TestInterruptHistoryCountsThePartialBlob(t *testing.T) {
	if testing.Short() {
		t.Skip("commits a 150 MB blob: not in -short")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	// Text dense with CUDO context scans slowly enough to be interrupted;
	// a key every 64 KiB gives findings from the part read before Ctrl-C.
	f, err := os.Create(filepath.Join(dir, "dense.txt"))
	if err != nil {
		t.Fatal(err)
	}
	filler := bytes.Repeat([]byte("token = cudo_client(api_key) # cudo rest.compute.cudo.org Bearer $X\n"), 1000)
	for written := 0; written < 150<<20; written += len(filler) {
		f.WriteString("CUDO_API_KEY=" + randomHex() + "\n")
		if _, err := f.Write(filler); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	run("add", "dense.txt")
	run("commit", "-q", "-m", "dense")

	code, stdout, stderr, _ := interrupt(t, dir, nil, "history", "--jobs", "1")
	if !strings.Contains(stderr, "interrupted: results are partial") {
		t.Skipf("the history scan ended before the signal (exit %d): %s", code, stderr)
	}
	if !strings.Contains(stdout, "dense.txt:") {
		t.Fatalf("no finding printed from the blob read before the signal\nstderr: %s", stderr)
	}
	if !strings.Contains(stderr, "scanned 1 blob") {
		t.Errorf("the partly read blob is not counted:\n%s", stderr)
	}
}

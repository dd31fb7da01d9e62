//go:build linux

package main

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// Hostile trees, each built at test time: every case is scanned or skipped
// with a reason in the stats (or listed in the errors), the run finishes,
// and the exit code follows the contract: 0 clean, 1 findings, 2 nothing
// scanned or an unreadable file and nothing found.

// scanDoc is the part of the JSON report the hostile tests check.
type scanDoc struct {
	Findings []struct {
		Path, Encoding string
		Line, Column   int
	}
	Stats struct {
		Files   int64
		Bytes   int64
		Skipped []struct{ Path, Reason string }
		Errors  []struct{ Path, Error string }
	}
}

func (d scanDoc) skipped(path string) string {
	for _, s := range d.Stats.Skipped {
		if s.Path == path {
			return s.Reason
		}
	}
	return ""
}

func (d scanDoc) paths() []string {
	var ps []string
	for _, f := range d.Findings {
		ps = append(ps, f.Path)
	}
	return ps
}

// scanTree runs cudoscan scan --format json with args in dir, within a
// time limit, and returns the exit code and the report.
func scanTree(t *testing.T, dir string, args ...string) (int, scanDoc) {
	t.Helper()
	t.Chdir(dir)
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, stdout, stderr := runCLI(t, append([]string{"scan", "--format", "json"}, args...)...)
		done <- result{code, stdout, stderr}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("cudoscan scan %s did not finish", strings.Join(args, " "))
	}
	var doc scanDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s\n%s", err, r.stdout, r.stderr)
	}
	return r.code, doc
}

// FIFOs, sockets and device nodes are never opened: skipped with their
// kind, in a tree or named on the command line.
func TestHostileSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	mkfile(t, filepath.Join(dir, "tree/.env"), keyLine())
	if err := syscall.Mkfifo(filepath.Join(dir, "tree/fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "tree/sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	devices := os.Geteuid() == 0
	if devices {
		// A character device like /dev/null (1, 3). Only root may mknod.
		if err := syscall.Mknod(filepath.Join(dir, "tree/dev"), syscall.S_IFCHR|0o644, 1<<8|3); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("not root: no device node")
	}

	code, doc := scanTree(t, dir, "tree")
	if code != exitFindings || doc.Stats.Files != 1 || len(doc.Findings) != 1 || len(doc.Stats.Errors) > 0 {
		t.Errorf("exit %d, %+v", code, doc)
	}
	want := map[string]string{"fifo": "fifo", "sock": "socket"}
	if devices {
		want["dev"] = "device"
	}
	for p, reason := range want {
		if got := doc.skipped(p); got != reason {
			t.Errorf("%s skipped as %q, want %q", p, got, reason)
		}
	}
	// Named on the command line, alone: nothing scanned, exit 2.
	for p := range want {
		code, doc := scanTree(t, dir, "tree/"+p)
		if code != exitError || doc.Stats.Files != 0 || doc.skipped("tree/"+p) != want[p] {
			t.Errorf("scan tree/%s: exit %d, %+v", p, code, doc.Stats)
		}
	}
}

// Symbolic links: skipped unless --follow-symlinks; followed, a loop is
// skipped as a loop, a link to a device is skipped as a device (never
// read: /dev/zero would never end), a link out of the tree is scanned and
// reported under the link's path.
func TestHostileSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.env")
	mkfile(t, outside, keyLine())
	mkfile(t, filepath.Join(dir, "tree/a/.env"), keyLine())
	for link, target := range map[string]string{
		"tree/a/back": "..",        // a directory loop
		"tree/self":   "self",      // a link to itself: ELOOP
		"tree/zero":   "/dev/zero", // endless
		"tree/out":    outside,     // out of the tree
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}

	code, doc := scanTree(t, dir, "tree")
	if code != exitFindings || strings.Join(doc.paths(), " ") != "a/.env" || len(doc.Stats.Errors) > 0 {
		t.Errorf("exit %d, findings %v, errors %v", code, doc.paths(), doc.Stats.Errors)
	}
	for _, p := range []string{"a/back", "self", "zero", "out"} {
		if got := doc.skipped(p); got != "symlink (use --follow-symlinks)" {
			t.Errorf("%s skipped as %q", p, got)
		}
	}

	code, doc = scanTree(t, dir, "--follow-symlinks", "tree")
	if code != exitFindings || strings.Join(doc.paths(), " ") != "a/.env out" || len(doc.Stats.Errors) > 0 {
		t.Errorf("--follow-symlinks: exit %d, findings %v, errors %v", code, doc.paths(), doc.Stats.Errors)
	}
	for p, reason := range map[string]string{
		"a/back": "symlink loop (directory already scanned)",
		"self":   "symlink loop (too many levels of symbolic links)",
		"zero":   "device",
	} {
		if got := doc.skipped(p); got != reason {
			t.Errorf("--follow-symlinks: %s skipped as %q, want %q", p, got, reason)
		}
	}

	// A link to /dev/zero named on the command line is followed (it was
	// named) and skipped as a device.
	code, doc = scanTree(t, dir, "tree/zero")
	if code != exitError || doc.skipped("tree/zero") != "device" {
		t.Errorf("scan tree/zero: exit %d, %+v", code, doc.Stats)
	}
}

// A directory that cannot be listed is an error that names it; the rest
// is scanned. Root reads everything, so as root the scan runs as nobody.
func TestHostileUnlistableDir(t *testing.T) {
	dir := t.TempDir()
	mkfile(t, filepath.Join(dir, "tree/locked/.env"), keyLine())
	mkfile(t, filepath.Join(dir, "tree/open/notes.txt"), "nothing here\n")
	if err := os.Chmod(filepath.Join(dir, "tree/locked"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "tree/locked"), 0o755) })

	run := func(args ...string) (int, scanDoc) {
		if os.Geteuid() != 0 {
			return scanTree(t, dir, args...)
		}
		return scanAsNobody(t, dir, args...)
	}
	code, doc := run("tree")
	if code != exitError || doc.Stats.Files != 1 || len(doc.Stats.Errors) != 1 ||
		doc.Stats.Errors[0].Path != "locked" || doc.Stats.Errors[0].Error != "open: permission denied" {
		t.Errorf("exit %d, %+v", code, doc.Stats)
	}
	// With a finding elsewhere, findings win: exit 1.
	mkfile(t, filepath.Join(dir, "tree/open/.env"), keyLine())
	if code, doc := run("tree"); code != exitFindings || len(doc.Stats.Errors) != 1 {
		t.Errorf("exit %d, %+v", code, doc.Stats)
	}
}

// scanAsNobody runs the real binary (this test binary, named cudoscan) as
// the user nobody, in dir.
func scanAsNobody(t *testing.T, dir string, args ...string) (int, scanDoc) {
	t.Helper()
	bin := cudoscanBinary(t, true)
	for _, p := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, append([]string{"scan", "--format", "json"}, args...)...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var doc scanDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	return code, doc
}

// A file name with a newline and invalid UTF-8 cannot forge a finding
// line in text output (it is printed quoted), and JSON stays valid UTF-8
// (invalid bytes become U+FFFD).
func TestHostileFileName(t *testing.T) {
	dir := t.TempDir()
	name := "a\nfake.env:1:1: error: injected [cudo-api-key]\xff.env"
	mkfile(t, filepath.Join(dir, "tree", name), keyLine())
	t.Chdir(dir)
	code, stdout, stderr := runCLI(t, "scan", "tree")
	if code != exitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], `"tree/a\nfake.env:1:1: error: injected [cudo-api-key]\xff.env":1:14: error: `) {
		t.Errorf("text output:\n%s", stdout)
	}
	_, out, _ := runCLI(t, "scan", "--format", "json", "tree")
	if !json.Valid([]byte(out)) || !utf8.ValidString(out) {
		t.Fatalf("JSON output is not valid UTF-8 JSON:\n%s", out)
	}
	_, doc := scanTree(t, dir, "tree")
	if len(doc.Findings) != 1 || doc.Findings[0].Path != strings.ToValidUTF8(name, "\uFFFD") {
		t.Errorf("findings %+v", doc.Findings)
	}
}

// 10,000 nested directories make paths five times longer than PATH_MAX:
// keys at every depth are found, and nothing is unreadable.
func TestHostileDeepTree(t *testing.T) {
	const depth = 10_000
	dir := t.TempDir()
	keyAt := map[int]bool{10: true, 2100: true, depth: true} // 2100 levels: past PATH_MAX
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for i := 1; i <= depth; i++ {
		if err := syscall.Mkdirat(fd, "d", 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := syscall.Openat(fd, "d", syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		syscall.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
		if keyAt[i] {
			f, err := syscall.Openat(fd, "k.env", syscall.O_WRONLY|syscall.O_CREAT, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			syscall.Write(f, []byte(keyLine()))
			syscall.Close(f)
		}
	}
	syscall.Close(fd)
	t.Logf("built in %v", time.Since(start))

	start = time.Now()
	code, doc := scanTree(t, dir, ".")
	t.Logf("scanned in %v", time.Since(start))
	if code != exitFindings || doc.Stats.Files != 3 || len(doc.Findings) != 3 || len(doc.Stats.Errors) > 0 {
		t.Fatalf("exit %d, %d findings, stats %+v", code, len(doc.Findings), doc.Stats)
	}
	for _, f := range doc.Findings {
		if d := strings.Count(f.Path, "/"); !keyAt[d] {
			t.Errorf("a finding at depth %d", d)
		}
	}
}

// 200,000 empty files: every one is counted as scanned, and the run stays
// quick.
func TestHostileManyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("200,000 files: not in -short")
	}
	dir := t.TempDir()
	start := time.Now()
	for i := range 200 {
		sub := filepath.Join(dir, "t", strconv.Itoa(i))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		for j := range 1000 {
			f, err := os.Create(filepath.Join(sub, strconv.Itoa(j)))
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	t.Logf("built in %v", time.Since(start))
	start = time.Now()
	code, doc := scanTree(t, dir, "t")
	elapsed := time.Since(start)
	t.Logf("scanned 200,000 empty files in %v", elapsed)
	if code != exitClean || doc.Stats.Files != 200_000 || doc.Stats.Bytes != 0 || len(doc.Stats.Errors) > 0 {
		t.Errorf("exit %d, %+v", code, doc.Stats)
	}
	if elapsed > 60*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

// A 100 MiB file of one line (a minified bundle) is scanned in bounded
// memory; the key at its end is on line 1, at its byte column. 100 MiB is
// the default --max-file-size, which it does not exceed.
func TestHostileHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MiB: not in -short")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "bundle.min.js")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	const size = 100 << 20
	tail := `;var CUDO_API_KEY="` + randomHex() + `";`
	chunk := []byte(strings.Repeat(`a.b=function(c){return c+1};`, 1<<15))
	head := `/* cudo client */`
	f.WriteString(head)
	written := len(head)
	for written+len(chunk) <= size-len(tail) {
		f.Write(chunk)
		written += len(chunk)
	}
	f.WriteString(strings.Repeat(" ", size-len(tail)-written) + tail)
	f.Close()

	start := time.Now()
	code, doc := scanTree(t, dir, ".")
	t.Logf("scanned 100 MiB in %v", time.Since(start))
	wantCol := size - len(tail) + len(`;var CUDO_API_KEY="`) + 1
	if code != exitFindings || doc.Stats.Bytes != size || len(doc.Findings) != 1 ||
		doc.Findings[0].Line != 1 || doc.Findings[0].Column != wantCol {
		t.Errorf("exit %d, %+v, findings %+v; want 1:%d", code, doc.Stats, doc.Findings, wantCol)
	}
}

// A file of NUL bytes is binary; alone, it leaves nothing scanned: exit 2.
func TestHostileNULFile(t *testing.T) {
	dir := t.TempDir()
	mkfile(t, filepath.Join(dir, "zeros"), string(make([]byte, 1<<20)))
	code, doc := scanTree(t, dir, ".")
	if code != exitError || doc.Stats.Files != 0 || doc.skipped("zeros") != "binary" {
		t.Errorf("exit %d, %+v", code, doc.Stats)
	}
}

// Bytes that read as a UTF-16 byte order mark before 8-bit text: the key
// after them is found, as bytes. A .git directory inside the tree is
// counted as skipped, never left out silently.
func TestHostileFakeBOMAndGitDir(t *testing.T) {
	dir := t.TempDir()
	key := randomHex()
	mkfile(t, filepath.Join(dir, "fake-bom.env"), "\xff\xfeCUDO_API_KEY="+key+"\n")
	mkfile(t, filepath.Join(dir, "vendor/lib/.git/config"), "CUDO_API_KEY="+randomHex()+"\n")
	code, doc := scanTree(t, dir, ".")
	if code != exitFindings || len(doc.Findings) != 1 || doc.Findings[0].Path != "fake-bom.env" {
		t.Errorf("exit %d, findings %+v", code, doc.Findings)
	}
	if !strings.HasPrefix(doc.skipped("vendor/lib/.git"), "git directory") {
		t.Errorf("vendor/lib/.git: skipped as %q, want it counted as a git directory", doc.skipped("vendor/lib/.git"))
	}
}

// CRLF and CR-only line endings: line numbers still right, for a key as
// written and one base64-encoded.
func TestHostileLineEndings(t *testing.T) {
	dir := t.TempDir()
	key := randomHex()
	text := "# cudo\n\nCUDO_API_KEY=" + key + "\nx\nCUDO_API_KEY: " + encodeAs("base64", key) + "\n"
	for eol, name := range map[string]string{"\r\n": "crlf.env", "\r": "cr.env", "\n": "lf.env"} {
		mkfile(t, filepath.Join(dir, name), strings.ReplaceAll(text, "\n", eol))
	}
	code, doc := scanTree(t, dir, ".")
	if code != exitFindings || len(doc.Findings) != 6 {
		t.Fatalf("exit %d, %+v", code, doc.Findings)
	}
	for _, f := range doc.Findings {
		want := map[string][2]int{"": {3, 14}, "base64": {5, 15}}[f.Encoding]
		if f.Line != want[0] || f.Column != want[1] {
			t.Errorf("%s: %s key at %d:%d, want %d:%d", f.Path, f.Encoding, f.Line, f.Column, want[0], want[1])
		}
	}
}

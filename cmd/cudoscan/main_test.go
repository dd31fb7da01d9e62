package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
)

// TestMain lets the scripts run the real cudoscan binary: testscript
// re-executes this test binary as "cudoscan", which runs main, signal
// handling included.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"cudoscan": main})
}

// TestScripts runs the end-to-end scripts in testdata/script. Each script
// gets fresh keys, generated here, in $KEY, $KEY2 and $CK, with their
// redacted forms as regexps in $KEY_RE, and the SHA-256 of $KEY in
// $KEY_SHA.
func TestScripts(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			key, key2 := randomHex(), randomHex()
			sum := sha256.Sum256([]byte(key))
			e.Setenv("KEY", key)
			e.Setenv("KEY2", key2)
			e.Setenv("KEY3", randomHex())
			e.Setenv("CK", randomPrefixedKey())
			e.Setenv("KEY_RE", regexp.QuoteMeta(key[:4]+"..."+key[60:]))
			e.Setenv("KEY_SHA", hex.EncodeToString(sum[:]))
			e.Setenv("GOROOT_SRC", filepath.Join(strings.TrimSpace(string(goroot)), "src"))
			e.Setenv("NO_COLOR", "")
			startFakeAPI(e)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"plant":    cmdPlant,
			"mkfifo":   cmdMkfifo,
			"mkbin":    cmdMkbin,
			"mkbig":    cmdMkbig,
			"eol":      cmdEOL,
			"apihits":  cmdAPIHits,
			"exitcode": cmdExitCode,
			"encode":   cmdEncode,
			"utf16":    cmdUTF16,
		},
	})
}

// cmdPlant replaces the markers {{key}}, {{key2}}, {{key3}} and {{ck}} in files with
// the script's keys: scripts hold markers, never key-shaped text.
func cmdPlant(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: plant FILE...")
	}
	for _, name := range args {
		p := ts.MkAbs(name)
		b, err := os.ReadFile(p)
		ts.Check(err)
		s := strings.NewReplacer("{{key}}", ts.Getenv("KEY"), "{{key2}}", ts.Getenv("KEY2"), "{{key3}}", ts.Getenv("KEY3"), "{{ck}}", ts.Getenv("CK")).Replace(string(b))
		ts.Check(os.WriteFile(p, []byte(s), 0o644))
	}
}

// cmdMkbin writes a binary file (a NUL byte first) that also holds a key.
func cmdMkbin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: mkbin PATH")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("\x00\x01ELF\nCUDO_API_KEY="+ts.Getenv("KEY")+"\n"), 0o644))
}

// cmdMkbig writes a file of filler lines with a CUDO_API_KEY line placed so
// that the key straddles the given byte offset (a chunk boundary), and sets
// $BIGLINE to the line of the key. Offsets may be written as
// "chunk", "chunk-overlap" or a number.
func cmdMkbig(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkbig PATH OFFSET")
	}
	var off int
	switch args[1] {
	case "chunk":
		off = scanner.DefaultChunkSize
	case "chunk-overlap":
		off = scanner.DefaultChunkSize - scanner.ChunkOverlap
	default:
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		off = n
	}
	const filler = "the quick brown fox jumps over the lazy dog, cudo or not\n"
	var b strings.Builder
	line := 1
	prefix := "CUDO_API_KEY="
	for b.Len()+len(filler) < off-len(prefix)-32 {
		b.WriteString(filler)
		line++
	}
	b.WriteString(strings.Repeat("#", off-len(prefix)-32-b.Len()) + "\n")
	line++
	b.WriteString(prefix + ts.Getenv("KEY") + "\n")
	for b.Len() < off+3*scanner.DefaultChunkSize/2 {
		b.WriteString(filler)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
	ts.Setenv("BIGLINE", strconv.Itoa(line))
}

// cmdEOL rewrites the line endings of files: eol crlf|cr FILE...
func cmdEOL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || (args[0] != "crlf" && args[0] != "cr") {
		ts.Fatalf("usage: eol crlf|cr FILE...")
	}
	eol := map[string]string{"crlf": "\r\n", "cr": "\r"}[args[0]]
	for _, name := range args[1:] {
		p := ts.MkAbs(name)
		b, err := os.ReadFile(p)
		ts.Check(err)
		ts.Check(os.WriteFile(p, []byte(strings.ReplaceAll(string(b), "\n", eol)), 0o644))
	}
}

func randomHex() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// randomPrefixedKey returns a random ck_live_ key that the core reports:
// the rare random body that reads as a filler ("abc", "12345") is drawn
// again.
func randomPrefixedKey() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	for {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		for i := range b {
			b[i] = alphabet[int(b[i])%len(alphabet)]
		}
		key := "ck_live_" + string(b)
		if len(rules.Default.Find([]byte("CUDO_API_KEY="+key), rules.Hint{})) == 1 {
			return key
		}
	}
}

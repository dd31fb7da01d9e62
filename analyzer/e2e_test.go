package analyzer_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// These tests build the real cudovet binary and run it the ways users do:
// under go vet -vettool, standalone, and with -fix.

// buildCudovet builds cmd/cudovet into a temporary directory.
func buildCudovet(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cudovet")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/cudoscan/cudoscan/cmd/cudovet").CombinedOutput()
	if err != nil {
		t.Fatalf("go build cudovet: %v\n%s", err, out)
	}
	return bin
}

// run runs a command in dir, offline, and returns its combined output and
// exit code.
func run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	return "", 0
}

// writeModule writes a throwaway module with one main.go.
func writeModule(t *testing.T, mainGo string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod":  "module example.com/throwaway\n\ngo 1.26\n",
		"main.go": mainGo,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// leakyMain has a hard-coded key on line 9 and a header without its scheme
// on line 13. Its verbs are the key and the header name: written out here,
// they would make this file a finding of the project's own scan.
const leakyMain = `// Command throwaway talks to the CUDO Compute API.
package main

import (
	"net/http"
	"os"
)

const cudoAPIKey = %q

func main() {
	req, _ := http.NewRequest("GET", "https://rest.compute.cudo.org/v1/vms", nil)
	req.Header.Set(%q, os.Getenv("CUDO_API_KEY"))
	req.Header.Set("X-Client", cudoAPIKey)
	_, _ = http.DefaultClient.Do(req)
}
`

// cleanMain is the same program, written as CUDO's docs say.
const cleanMain = `// Command throwaway talks to the CUDO Compute API.
package main

import (
	"net/http"
	"os"
)

func main() {
	req, _ := http.NewRequest("GET", "https://rest.compute.cudo.org/v1/vms", nil)
	req.Header.Set("Authorization", "Bearer "+os.Getenv("CUDO_API_KEY"))
	_, _ = http.DefaultClient.Do(req)
}
`

func TestGoVetEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cudovet and runs go vet")
	}
	bin := buildCudovet(t)
	key := testkeys.New(t)
	leaky := writeModule(t, fmt.Sprintf(leakyMain, key, "Authorization"))

	t.Run("go vet reports and fails", func(t *testing.T) {
		out, code := run(t, leaky, "go", "vet", "-vettool="+bin, "./...")
		if code == 0 {
			t.Errorf("go vet exited 0 on a leaky module:\n%s", out)
		}
		for _, want := range []string{
			"main.go:9:21: hard-coded CUDO API key in cudoAPIKey: revoke it",
			"(key " + key[:4] + "..." + key[60:] + ")",
			"main.go:13:34: Authorization header without the Bearer scheme",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("go vet output lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, key) {
			t.Errorf("go vet output shows the whole key:\n%s", out)
		}
	})

	t.Run("standalone exits 3", func(t *testing.T) {
		out, code := run(t, leaky, bin, "./...")
		if code != 3 || !strings.Contains(out, "main.go:9:21: hard-coded CUDO API key") {
			t.Errorf("cudovet ./... exited %d (want 3: diagnostics):\n%s", code, out)
		}
	})

	t.Run("-fix repairs the module", func(t *testing.T) {
		fixed := writeModule(t, fmt.Sprintf(leakyMain, key, "Authorization"))
		if out, code := run(t, fixed, bin, "-fix", "./..."); code != 0 {
			t.Fatalf("cudovet -fix exited %d:\n%s", code, out)
		}
		src, err := os.ReadFile(filepath.Join(fixed, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			`var cudoAPIKey = os.Getenv("CUDO_API_KEY")`,
			`req.Header.Set("Authorization", "Bearer "+os.Getenv("CUDO_API_KEY"))`,
		} {
			if !bytes.Contains(src, []byte(want)) {
				t.Errorf("fixed main.go lacks %q:\n%s", want, src)
			}
		}
		if out, code := run(t, fixed, "go", "vet", "-vettool="+bin, "./..."); code != 0 {
			t.Errorf("go vet after -fix exited %d:\n%s", code, out)
		}
		if out, code := run(t, fixed, "go", "build", "./..."); code != 0 {
			t.Errorf("the fixed module does not build:\n%s", out)
		}
	})

	t.Run("a clean module passes", func(t *testing.T) {
		out, code := run(t, writeModule(t, cleanMain), "go", "vet", "-vettool="+bin, "./...")
		if code != 0 || out != "" {
			t.Errorf("go vet on a clean module exited %d:\n%s", code, out)
		}
	})
}

// stdSweep turns on TestStandardLibrary. CI runs it as a step of its own
// (go test ./analyzer -run TestStandardLibrary -args -std), so that the
// README's go test ./... stays minutes shorter on two cores.
var stdSweep = flag.Bool("std", false, "also vet the whole standard library with cudovet (minutes, uncached)")

// TestStandardLibrary runs cudovet over the standard library, which has
// thousands of bare 64-hex strings and Authorization headers, none of them
// CUDO's: it must report nothing. Uncached, it takes minutes on two cores;
// go vet caches the result for an unchanged cudovet.
func TestStandardLibrary(t *testing.T) {
	if !*stdSweep || testing.Short() {
		t.Skip("vets the whole standard library: run with -args -std (CI does, as its own step)")
	}
	bin := buildCudovet(t)
	start := time.Now()
	out, code := run(t, t.TempDir(), "go", "vet", "-vettool="+bin, "std")
	t.Logf("go vet -vettool=cudovet std: %v", time.Since(start).Round(time.Millisecond))
	if code != 0 || out != "" {
		t.Errorf("go vet -vettool=cudovet std exited %d:\n%s", code, out)
	}
}

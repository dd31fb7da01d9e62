package main

import (
	"debug/elf"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// dockerBuild runs the Dockerfile's build command here (there is no
// Docker daemon in CI): `go test ./internal/tools/release -run
// TestDockerfileBuild -args -dockerbuild`, as .ci/run does.
var dockerBuild = flag.Bool("dockerbuild", false, "run the Dockerfile's go build command and check its binaries")

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	line    int
	keyword string // upper case: FROM, RUN, USER...
	args    string
}

// stages parses the Dockerfile at the top of the repository into its
// build stages (each starts with FROM).
func stages(t *testing.T) [][]instruction {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]instruction
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if cont, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(cont + " ")
			continue
		}
		cur.WriteString(trimmed)
		keyword, args, _ := strings.Cut(cur.String(), " ")
		in := instruction{line: start, keyword: strings.ToUpper(keyword), args: strings.TrimSpace(args)}
		cur.Reset()
		if in.keyword == "FROM" {
			out = append(out, nil)
		}
		if len(out) == 0 {
			t.Fatalf("Dockerfile:%d: %s before any FROM", in.line, in.keyword)
		}
		out[len(out)-1] = append(out[len(out)-1], in)
	}
	if len(out) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a runtime stage", len(out))
	}
	return out
}

// buildCommand is the build stage's go build, and its stage.
func buildCommand(t *testing.T) string {
	t.Helper()
	for _, in := range stages(t)[0] {
		if in.keyword == "RUN" && strings.Contains(in.args, "go build") {
			return in.args
		}
	}
	t.Fatal("the build stage has no RUN go build")
	return ""
}

// TestDockerfile checks what the README promises of the image: built as
// the release archives are (static, trimmed, stamped through the same
// variable), with a Go at least go.mod's, a runtime stage with git that
// runs as a user other than root, base images pinned to a version, and
// cudoscan as the entry point.
func TestDockerfile(t *testing.T) {
	st := stages(t)
	build := buildCommand(t)
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-s -w", "-X " + versionVar + "=${VERSION}", "./cmd/cudoscan"} {
		if !strings.Contains(build, want) {
			t.Errorf("the build command lacks %q: %s", want, build)
		}
	}

	gomod, err := os.ReadFile(filepath.Join("..", "..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil {
		t.Fatal(err)
	}
	goImage := regexp.MustCompile(`^golang:(\d+\.\d+)`).FindStringSubmatch(st[0][0].args)
	if goImage == nil {
		t.Fatalf("the build stage is FROM %q, want a golang:X.Y image", st[0][0].args)
	}
	if need := strings.Join(strings.Split(mf.Go.Version, ".")[:2], "."); goImage[1] != need {
		t.Errorf("the build stage has Go %s, go.mod says %s", goImage[1], mf.Go.Version)
	}
	for _, s := range st {
		image, _, _ := strings.Cut(s[0].args, " ")
		if _, tag, ok := strings.Cut(image, ":"); !ok || tag == "latest" {
			t.Errorf("Dockerfile:%d: FROM %s is not pinned to a version", s[0].line, image)
		}
	}

	final := st[len(st)-1]
	var user, entry string
	var gitInstalled, safeDir bool
	for _, in := range final {
		switch in.keyword {
		case "USER":
			user = in.args
		case "RUN":
			if user != "" {
				t.Errorf("Dockerfile:%d: RUN after USER: the last word on the user must come after every RUN", in.line)
			}
			gitInstalled = gitInstalled || regexp.MustCompile(`apk add\b.*\bgit\b`).MatchString(in.args)
			safeDir = safeDir || strings.Contains(in.args, "safe.directory")
		case "ENTRYPOINT":
			entry = in.args
		}
	}
	if name, _, _ := strings.Cut(user, ":"); name == "" || name == "root" || name == "0" {
		t.Errorf("the image runs as %q, want a user other than root", user)
	}
	if !gitInstalled || !safeDir {
		t.Errorf("the image needs git (installed: %v) and safe.directory for a mounted repository (set: %v)", gitInstalled, safeDir)
	}
	if entry != `["cudoscan"]` {
		t.Errorf("ENTRYPOINT %s, want [\"cudoscan\"] (exec form: signals reach cudoscan)", entry)
	}
}

// TestDockerfileBuild runs the build stage's go build in the repository,
// as the image builds, and checks the binary is static (no program
// interpreter, no shared libraries) and print the version given.
func TestDockerfileBuild(t *testing.T) {
	if !*dockerBuild {
		t.Skip("builds both commands: run with -args -dockerbuild (CI does)")
	}
	out := t.TempDir()
	cmdline := strings.ReplaceAll(buildCommand(t), "/out/", out+"/")
	cmd := exec.Command("sh", "-c", cmdline)
	cmd.Dir = filepath.Join("..", "..", "..")
	cmd.Env = append(os.Environ(), "VERSION=v9.8.7-docker")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmdline, err, b)
	}
	for _, name := range []string{"cudoscan"} {
		f, err := elf.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		libs, _ := f.ImportedLibraries()
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("%s has a program interpreter: not static", name)
			}
		}
		if len(libs) > 0 {
			t.Errorf("%s needs %v: not static", name, libs)
		}
		f.Close()
	}
	got, err := exec.Command(filepath.Join(out, "cudoscan"), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "cudoscan v9.8.7-docker") {
		t.Errorf("cudoscan version says %q, want the VERSION build argument", got)
	}
}

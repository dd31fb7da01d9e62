package golangci_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cudoscan/cudoscan/golangci"
	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// build makes the plugin as golangci-lint does: by name, from the
// registry, with the settings decoded from .golangci.yml.
func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		t.Fatalf("plugin with settings %v: %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q: the header checks need types", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Name != "cudovet" {
		t.Fatalf("analyzers %v, want cudovet alone", as)
	}
	return as
}

// module writes a module of the given files (path: content) into a fresh
// directory and returns it.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/app\n\ngo 1.22\n"
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPluginReports runs the plugin without settings on a module: it
// reports what cudovet reports (a key the core finds, a header only the
// type checker sees), and reads the .cudoscan.yaml found upward from the
// package, as cudovet does (its exclude keeps gen/ quiet: analysistest
// fails on any diagnostic not wanted).
func TestPluginReports(t *testing.T) {
	dir := module(t, map[string]string{
		".cudoscan.yaml": "exclude: [\"gen/**\"]\n",
		"main.go": "package app\n\nconst cudoAPIKey = \"" + testkeys.New(t) + "\" // want `hard-coded CUDO API key in cudoAPIKey`\n\n" +
			"func key() string { return cudoAPIKey }\n",
		"client.go": "package app\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\n" +
			"func authorize(req *http.Request) {\n" +
			"\treq.Header.Set(\"Authorization\", os.Getenv(\"CUDO_API_KEY\")) // want `header without the .* scheme`\n}\n",
		"gen/gen.go": "package gen\n\nvar CudoAPIKey = \"" + testkeys.New(t) + "\"\n",
	})
	analysistest.Run(t, dir, build(t, nil)[0], "./...")
}

// TestPluginSettings gives every kind of setting: a config file by path
// (which wins over the .cudoscan.yaml found upward, here one that would
// exclude everything), a list (exclude) and a choice (min-confidence).
func TestPluginSettings(t *testing.T) {
	dir := module(t, map[string]string{
		".cudoscan.yaml": "exclude: [\"**\"]\n",
		"ci.yaml":        "allow:\n  - path: samples/**\n    reason: revoked sample keys\n",
		"main.go":        "package app\n\nconst cudoAPIKey = \"" + testkeys.New(t) + "\" // want `hard-coded CUDO API key in cudoAPIKey`\n",
		// Only named near CUDO: medium confidence, below min-confidence.
		"client.go":          "package app\n\n// Talks to CUDO Compute.\nvar token = \"" + testkeys.New(t) + "\"\n",
		"gen/gen.go":         "package gen\n\nvar CudoAPIKey = \"" + testkeys.New(t) + "\"\n",
		"samples/samples.go": "package samples\n\nvar CudoAPIKey = \"" + testkeys.New(t) + "\"\n",
	})
	settings := map[string]any{
		"config":         filepath.Join(dir, "ci.yaml"),
		"exclude":        []any{"gen/**"},
		"min-confidence": "high",
	}
	analysistest.Run(t, dir, build(t, settings)[0], "./...")
}

// TestPluginWithoutMinConfidence is TestPluginSettings' control: without
// min-confidence the medium key is reported, so the setting is what
// dropped it.
func TestPluginWithoutMinConfidence(t *testing.T) {
	dir := module(t, map[string]string{
		".cudoscan.yaml": "\n",
		"client.go":      "package app\n\n// Talks to CUDO Compute.\nvar token = \"" + testkeys.New(t) + "\" // want `CUDO API key`\n",
	})
	analysistest.Run(t, dir, build(t, nil)[0], "./...")
}

// TestPluginRefusesBadSettings: a bad setting fails when the plugin is
// made (when golangci-lint starts), saying what is wrong with it.
func TestPluginRefusesBadSettings(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"misspelt", map[string]any{"min-confidense": "high"}, `unknown setting "min-confidense" (did you mean "min-confidence"?)`},
		{"bad choice", map[string]any{"min-confidence": "low"}, "low"},
		{"missing config", map[string]any{"config": missing}, missing},
		{"list for one value", map[string]any{"min-confidence": []any{"high"}}, "min-confidence: takes one value"},
		{"list of numbers", map[string]any{"exclude": []any{1}}, "exclude: want a list of strings"},
		{"not a map", "high", "want a map"},
		{"config and no-config", map[string]any{"config": missing, "no-config": true}, "cannot be used together"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newPlugin, err := register.GetPlugin(golangci.Name)
			if err != nil {
				t.Fatal(err)
			}
			_, err = newPlugin(tc.settings)
			if err == nil {
				t.Fatalf("settings %v accepted", tc.settings)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to say %q", err, tc.want)
			}
		})
	}
}

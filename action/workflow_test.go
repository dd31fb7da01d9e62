package action_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// metadata is the part of action.yml the tests read.
type metadata struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type step struct {
	ID               string            `yaml:"id"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
}

// readMetadata parses action.yml, at the top of the repository (where
// `uses: cudoscan/cudoscan@VERSION` finds it).
func readMetadata(t *testing.T) metadata {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var m metadata
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return m
}

// scanStep returns the step that runs run.sh, checking it is what the
// runner will execute: bash, in the input's working directory, the script
// named by path (not inlined), in a composite action.
func (m metadata) scanStep(t *testing.T) step {
	t.Helper()
	if m.Runs.Using != "composite" {
		t.Fatalf("runs.using is %q, want composite", m.Runs.Using)
	}
	for _, s := range m.Runs.Steps {
		if s.ID != "scan" {
			continue
		}
		if s.Shell != "bash" || s.Run != `"$GITHUB_ACTION_PATH/action/run.sh"` {
			t.Fatalf("the scan step runs %q with %q, want action/run.sh with bash", s.Run, s.Shell)
		}
		if s.WorkingDirectory != "${{ inputs.working-directory }}" {
			t.Errorf("the scan step runs in %q, want the working-directory input", s.WorkingDirectory)
		}
		return s
	}
	t.Fatal("action.yml has no step with id scan")
	return step{}
}

var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// env evaluates the step's env as the runner does, for an event (the
// parsed webhook payload), the action's ref and inputs (the rest take
// action.yml's defaults). Only plain property paths are modelled; any
// other expression fails the test, so action.yml cannot come to depend on
// something these tests do not run.
func (m metadata) env(t *testing.T, s step, event map[string]any, actionRef string, inputs map[string]string) []string {
	t.Helper()
	for name := range inputs {
		if _, ok := m.Inputs[name]; !ok {
			t.Fatalf("input %q is not declared in action.yml", name)
		}
	}
	var env []string
	for name, value := range s.Env {
		var bad error
		v := expression.ReplaceAllStringFunc(value, func(e string) string {
			path := expression.FindStringSubmatch(e)[1]
			switch {
			case strings.HasPrefix(path, "inputs."):
				name := strings.TrimPrefix(path, "inputs.")
				in, ok := m.Inputs[name]
				if !ok {
					bad = fmt.Errorf("%s uses undeclared input %q", value, name)
				}
				if v, ok := inputs[name]; ok {
					return v
				}
				return in.Default
			case path == "github.action_ref":
				return actionRef
			case strings.HasPrefix(path, "github.event."):
				return property(event, strings.Split(strings.TrimPrefix(path, "github.event."), "."))
			}
			bad = fmt.Errorf("expression %q is not modelled by the test", path)
			return ""
		})
		if bad != nil {
			t.Fatalf("env %s: %v", name, bad)
		}
		env = append(env, name+"="+v)
	}
	return env
}

// property is the value at path in the event, as an expression renders
// it into a string: "" when absent, true and false for booleans.
func property(v any, path []string) string {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[p]
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

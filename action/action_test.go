package action_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

var cudoscanDir string // holds the cudoscan binary built for the tests

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "action-test-")
	if err != nil {
		panic(err)
	}
	out, err := exec.Command("go", "build", "-o", dir, "../cmd/cudoscan").CombinedOutput()
	if err != nil {
		os.RemoveAll(dir)
		panic("building cudoscan: " + err.Error() + "\n" + string(out))
	}
	cudoscanDir = dir
	defer os.RemoveAll(dir)
	gittest.Main(m)
}

// readInputs reads run.sh and the sources of the cudoscan TestMain built,
// so that go test's cache, which keys on the files a test opens (from
// within a test: TestMain's opens are not recorded), runs these tests
// again when one of them changes: bash and go build read them in other
// processes, which the cache does not see.
func readInputs() error {
	if _, err := os.ReadFile("run.sh"); err != nil {
		return err
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.Dir}}{{end}}", "../cmd/cudoscan").Output()
	if err != nil {
		return fmt.Errorf("go list: %v", err)
	}
	for _, dir := range strings.Fields(string(out)) {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			return err
		}
		for _, f := range files {
			if _, err := os.ReadFile(f); err != nil {
				return err
			}
		}
	}
	return nil
}

const zero = "0000000000000000000000000000000000000000"

// result is one run of the action's script.
type result struct {
	code                  int
	stdout, stderr        string
	outputs               map[string]string // what the step wrote to GITHUB_OUTPUT
	summary, sarif        string            // the step summary and the SARIF log, if written
	sarifFile, runnerTemp string
}

// runAction runs action/run.sh in dir as the runner runs action.yml's
// scan step for an event: with the env action.yml maps (evaluated against
// the event), GitHub's own variables, and install: false with the test's
// cudoscan first on PATH.
func runAction(t *testing.T, dir, eventName string, event map[string]any, inputs map[string]string) result {
	t.Helper()
	inputsOnce.Do(func() { inputsErr = readInputs() })
	if inputsErr != nil {
		t.Fatal(inputsErr)
	}
	m := readMetadata(t)
	s := m.scanStep(t)
	if inputs == nil {
		inputs = map[string]string{}
	}
	inputs["install"] = "false"
	env := m.env(t, s, event, "", inputs)
	temp := t.TempDir()
	outputs := filepath.Join(temp, "github_output")
	summary := filepath.Join(temp, "step_summary")
	ref, _ := event["ref"].(string)
	env = append(env,
		"PATH="+cudoscanDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GITHUB_ACTIONS=true",
		"GITHUB_EVENT_NAME="+eventName,
		"GITHUB_REF="+ref,
		"GITHUB_OUTPUT="+outputs,
		"GITHUB_STEP_SUMMARY="+summary,
		"GITHUB_ACTION_PATH="+filepath.Join(packageDir, ".."),
		"RUNNER_TEMP="+temp,
	)
	cmd := exec.Command("bash", "-c", s.Run)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), outputs: map[string]string{}, runnerTemp: temp}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(outputs); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				r.outputs[k] = v
			}
		}
	}
	if b, err := os.ReadFile(summary); err == nil {
		r.summary = string(b)
	}
	if r.sarifFile = r.outputs["sarif-file"]; r.sarifFile != "" {
		b, err := os.ReadFile(r.sarifFile)
		if err != nil {
			t.Fatalf("the sarif-file output names %s: %v", r.sarifFile, err)
		}
		r.sarif = string(b)
	}
	return r
}

var (
	packageDir, _ = os.Getwd()
	inputsOnce    sync.Once
	inputsErr     error
)

func (r result) String() string {
	return "exit " + itoa(r.code) + "\nstdout:\n" + r.stdout + "\nstderr:\n" + r.stderr
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// project is an origin repository and a full clone of it (what
// actions/checkout makes with fetch-depth: 0), with two leaked keys in
// its history: key1 on main (added in c2, removed in c3), key2 on the
// branch feature (c5, off c3).
type project struct {
	origin, clone  string
	key1, key2     string
	c1, c2, c3, c4 string // main: c4 is clean, after the removal
	c5             string // feature
}

func newProject(t *testing.T) *project {
	t.Helper()
	w := gittest.New(t)
	p := &project{key1: gittest.Key(t), key2: gittest.Key(t)}
	w.Write("README.md", "app\n")
	w.Add()
	p.c1 = w.Commit("c1")
	w.Write("deploy.sh", gittest.KeyFile(p.key1))
	w.Add()
	p.c2 = w.Commit("c2: deploy script")
	w.Remove("deploy.sh")
	w.Add()
	p.c3 = w.Commit("c3: remove the key")
	w.Git("checkout", "-q", "-b", "feature")
	w.Write("feature/run.sh", gittest.KeyFile(p.key2))
	w.Add()
	p.c5 = w.Commit("c5: feature")
	w.Git("checkout", "-q", "main")
	w.Write("README.md", "app, documented\n")
	w.Add()
	p.c4 = w.Commit("c4: docs")
	p.origin = filepath.Join(t.TempDir(), "origin.git")
	w.Git("clone", "-q", "--bare", w.Dir, p.origin)
	p.clone = filepath.Join(t.TempDir(), "checkout")
	if _, err := gittest.RunIn(t.TempDir(), nil, "git", "clone", "-q", "--no-local", p.origin, p.clone); err != nil {
		t.Fatal(err)
	}
	return p
}

func pushEvent(ref, before, after string) map[string]any {
	return map[string]any{
		"ref": ref, "before": before, "after": after, "deleted": after == zero,
		"repository": map[string]any{"default_branch": "main"},
	}
}

// noKey fails the test if a key appears in full anywhere the run wrote.
func (r result) noKey(t *testing.T, keys ...string) {
	t.Helper()
	for _, k := range keys {
		for name, s := range map[string]string{"stdout": r.stdout, "stderr": r.stderr, "summary": r.summary, "SARIF": r.sarif} {
			if strings.Contains(s, k) {
				t.Errorf("the key is in full in the %s", name)
			}
		}
	}
}

// TestPushRange: a push scans exactly before..after. The key added and
// removed inside the range is found (annotation, SARIF, exit 1, outputs);
// a push after it is clean, though the key is still in the history.
func TestPushRange(t *testing.T) {
	p := newProject(t)
	r := runAction(t, p.clone, "push", pushEvent("refs/heads/main", p.c1, p.c4), nil)
	if r.code != 1 {
		t.Fatalf("push c1..c4: want exit 1\n%s", r)
	}
	if !strings.Contains(r.stdout, "::error file=deploy.sh,line=2,col=22,") {
		t.Errorf("no annotation on deploy.sh:2:22\n%s", r)
	}
	if strings.Contains(r.stdout, "feature/run.sh") {
		t.Errorf("the feature branch is outside the pushed range\n%s", r)
	}
	if r.outputs["exit-code"] != "1" {
		t.Errorf("outputs %v, want exit-code=1", r.outputs)
	}
	if !strings.HasPrefix(r.sarifFile, r.runnerTemp) {
		t.Errorf("SARIF at %q, want it in RUNNER_TEMP (outside the checkout)", r.sarifFile)
	}
	var log struct {
		Version string
		Runs    []struct{ Results []struct{ RuleID string } }
	}
	if err := json.Unmarshal([]byte(r.sarif), &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 ||
		len(log.Runs[0].Results) != 1 || log.Runs[0].Results[0].RuleID != "cudo-api-key" {
		t.Errorf("SARIF: %v\n%s", err, r.sarif)
	}
	if !strings.Contains(r.summary, "### cudoscan") || !strings.Contains(r.summary, "1 ") {
		t.Errorf("step summary:\n%s", r.summary)
	}
	r.noKey(t, p.key1)

	r = runAction(t, p.clone, "push", pushEvent("refs/heads/main", p.c3, p.c4), nil)
	if r.code != 0 || r.outputs["exit-code"] != "0" || strings.Contains(r.stdout, "::error") {
		t.Errorf("push c3..c4 holds no key: want exit 0\n%s", r)
	}
}

// TestNewBranch: the first push of a branch (before is all zeros) scans
// the commits the default branch does not have: key2, not key1.
func TestNewBranch(t *testing.T) {
	p := newProject(t)
	r := runAction(t, p.clone, "push", pushEvent("refs/heads/feature", zero, p.c5), nil)
	if r.code != 1 || !strings.Contains(r.stdout, "::error file=feature/run.sh,") || strings.Contains(r.stdout, "deploy.sh") {
		t.Fatalf("new branch: want feature/run.sh only, exit 1\n%s", r)
	}
	r.noKey(t, p.key1, p.key2)
}

// TestForcedPush: a before the clone never had (history rewritten) is
// treated like a new branch, not an error and not the whole history.
func TestForcedPush(t *testing.T) {
	p := newProject(t)
	r := runAction(t, p.clone, "push", pushEvent("refs/heads/feature", "1234567890123456789012345678901234567890", p.c5), nil)
	if r.code != 1 || !strings.Contains(r.stdout, "feature/run.sh") || strings.Contains(r.stdout, "deploy.sh") {
		t.Fatalf("forced push: want feature/run.sh only, exit 1\n%s", r)
	}
}

// TestPullRequest scans base..head of the pull request.
func TestPullRequest(t *testing.T) {
	p := newProject(t)
	event := map[string]any{"pull_request": map[string]any{
		"base": map[string]any{"sha": p.c4}, "head": map[string]any{"sha": p.c5},
	}}
	r := runAction(t, p.clone, "pull_request", event, nil)
	if r.code != 1 || !strings.Contains(r.stdout, "::error file=feature/run.sh,") || strings.Contains(r.stdout, "deploy.sh") {
		t.Fatalf("pull request: want feature/run.sh only, exit 1\n%s", r)
	}
	r.noKey(t, p.key2)
}

// TestOtherEvents: a scheduled run scans every ref's history (both keys),
// and the range input overrides the event.
func TestOtherEvents(t *testing.T) {
	p := newProject(t)
	r := runAction(t, p.clone, "schedule", map[string]any{}, nil)
	if r.code != 1 || !strings.Contains(r.stdout, "deploy.sh") || !strings.Contains(r.stdout, "feature/run.sh") {
		t.Fatalf("schedule: want both keys, exit 1\n%s", r)
	}
	r = runAction(t, p.clone, "push", pushEvent("refs/heads/main", p.c1, p.c4), map[string]string{"range": p.c3 + ".." + p.c4})
	if r.code != 0 {
		t.Errorf("range c3..c4 overrides the event: want exit 0\n%s", r)
	}
	r = runAction(t, p.clone, "schedule", map[string]any{}, map[string]string{"args": "--exclude feature/**"})
	if r.code != 1 || strings.Contains(r.stdout, "feature/run.sh") {
		t.Errorf("args --exclude: want feature/ left out\n%s", r)
	}
}

// TestRefusals: a shallow checkout, a head not fetched and a directory
// that is no repository stop the job with exit 2 and say how to fix it;
// a deleted branch has nothing to scan and passes, saying so.
func TestRefusals(t *testing.T) {
	p := newProject(t)
	shallow := filepath.Join(t.TempDir(), "shallow")
	if _, err := gittest.RunIn(t.TempDir(), nil, "git", "clone", "-q", "--depth", "1", "file://"+p.origin, shallow); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir, eventName string
		event                map[string]any
		code                 int
		want                 string
	}{
		{"shallow", shallow, "push", pushEvent("refs/heads/main", p.c3, p.c4), 2, "fetch-depth: 0"},
		{"head not fetched", p.clone, "pull_request", map[string]any{"pull_request": map[string]any{
			"base": map[string]any{"sha": p.c4}, "head": map[string]any{"sha": "1234567890123456789012345678901234567890"}}}, 2, "head commit 1234567890123456789012345678901234567890 is not in the checkout"},
		{"not a repository", t.TempDir(), "push", pushEvent("refs/heads/main", p.c3, p.c4), 2, "is not a git repository: run actions/checkout"},
		{"deleted branch", p.clone, "push", pushEvent("refs/heads/gone", p.c4, zero), 0, "the push deleted refs/heads/gone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runAction(t, tc.dir, tc.eventName, tc.event, nil)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.want) || r.outputs["exit-code"] != itoa(tc.code) {
				t.Errorf("want exit %d saying %q\n%s\noutputs %v", tc.code, tc.want, r, r.outputs)
			}
		})
	}
}

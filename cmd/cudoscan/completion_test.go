package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBashCompletion loads the bash completion script in a real bash and
// completes with it: commands for the first word, the table's flags of
// the command after it.
func TestBashCompletion(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	code, script, stderr := runCLI(t, "completion", "bash")
	if code != exitClean {
		t.Fatalf("completion bash: exit %d\n%s", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "cudoscan.bash")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	complete := func(words ...string) string {
		t.Helper()
		cmd := exec.Command("bash", "--norc", "--noprofile", "-c", `source "$0" && COMP_WORDS=("$@") && COMP_CWORD=$(($#-1)) && { _cudoscan; echo "${COMPREPLY[*]}"; }`, file)
		cmd.Args = append(cmd.Args, words...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := complete("cudoscan", "hist"); got != "history" {
		t.Errorf("cudoscan hist<TAB> = %q, want history", got)
	}
	if got := complete("cudoscan", "history", "--allow"); got != "--allow-shallow" {
		t.Errorf("cudoscan history --allow<TAB> = %q, want --allow-shallow", got)
	}
	if got := complete("cudoscan", "scan", "--allow"); got != "" {
		t.Errorf("cudoscan scan --allow<TAB> = %q, want nothing: scan has no --allow-shallow", got)
	}
}

// TestOtherShellsCompletion: the zsh and fish scripts are accepted by their
// shells, where installed.
func TestOtherShellsCompletion(t *testing.T) {
	for _, sh := range []struct{ name, check string }{
		{"zsh", `autoload -U compinit && compinit -u; source "$0"`},
		{"fish", `source $argv[1]`},
	} {
		t.Run(sh.name, func(t *testing.T) {
			if _, err := exec.LookPath(sh.name); err != nil {
				t.Skipf("%s is not installed", sh.name)
			}
			_, script, _ := runCLI(t, "completion", sh.name)
			file := filepath.Join(t.TempDir(), "cudoscan."+sh.name)
			if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(sh.name, "-c", sh.check, file).CombinedOutput(); err != nil {
				t.Errorf("%s rejects the script: %v\n%s", sh.name, err, out)
			}
		})
	}
	if code, _, _ := runCLI(t, "completion", "tcsh"); code != exitError {
		t.Errorf("completion tcsh: exit %d, want %d", code, exitError)
	}
}

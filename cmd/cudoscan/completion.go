package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cudoscan/cudoscan/policy"
)

// commandModes are the commands whose flags come from policy's table.
var commandModes = map[string]policy.Mode{
	"scan": policy.ModeScan, "staged": policy.ModeStaged, "history": policy.ModeHistory,
	"baseline": policy.ModeBaseline, "verify": policy.ModeVerify, "pre-push": policy.ModeHistory,
	"revoke": policy.ModeRevoke,
}

// runCompletion prints a completion script for bash, zsh or fish: the
// commands, and each command's flags from the settings table, so the
// script never drifts from the flags.
func runCompletion(_ context.Context, e *env, args []string) int {
	if len(args) != 1 {
		return e.errorf("usage: cudoscan completion bash|zsh|fish (e.g. source <(cudoscan completion bash))")
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	switch args[0] {
	case "bash":
		writeBashCompletion(e.stdout, names)
	case "zsh":
		// zsh runs bash completion functions through bashcompinit.
		fmt.Fprintln(e.stdout, "autoload -U +X bashcompinit && bashcompinit")
		writeBashCompletion(e.stdout, names)
	case "fish":
		writeFishCompletion(e.stdout, names)
	default:
		return e.errorf("completion: unknown shell %q (bash, zsh or fish)", args[0])
	}
	return exitClean
}

func writeBashCompletion(w io.Writer, names []string) {
	fmt.Fprintf(w, `# cudoscan completion for bash: source <(cudoscan completion bash)
_cudoscan() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W %q -- "$cur"))
		return
	fi
	local flags=""
	case "${COMP_WORDS[1]}" in
`, strings.Join(names, " "))
	for _, n := range names {
		if m, ok := commandModes[n]; ok {
			fmt.Fprintf(w, "\t%s) flags=%q ;;\n", n, strings.Join(policy.FlagNames(m), " "))
		}
	}
	fmt.Fprint(w, `	esac
	case "$cur" in
	-*) COMPREPLY=($(compgen -W "$flags" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _cudoscan cudoscan
`)
}

func writeFishCompletion(w io.Writer, names []string) {
	fmt.Fprintln(w, "# cudoscan completion for fish: cudoscan completion fish | source")
	fmt.Fprintf(w, "complete -c cudoscan -n __fish_use_subcommand -f -a %q\n", strings.Join(names, " "))
	for _, n := range names {
		m, ok := commandModes[n]
		if !ok {
			continue
		}
		for _, f := range policy.FlagNames(m) {
			opt := "-l " + strings.TrimPrefix(f, "--")
			if !strings.HasPrefix(f, "--") {
				opt = "-o " + strings.TrimPrefix(f, "-")
			}
			fmt.Fprintf(w, "complete -c cudoscan -n '__fish_seen_subcommand_from %s' %s\n", n, opt)
		}
	}
}

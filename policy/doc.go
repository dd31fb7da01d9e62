// Package policy decides what a run of cudoscan or cudovet reports, once,
// for both drivers.
//
// Its two halves:
//
//   - The settings table (Table): every option defined once, with its flag
//     name, config file key, default, documentation and the commands that
//     take it. Flags are registered from it (Register), the config file is
//     folded into it (Load), and the README's flag table is generated from
//     it (FlagTable); a test fails when any of them drifts.
//   - The pipeline (Policy.Apply, ExitCode): findings -> allow (cudoscan:allow
//     directives, applied by the core, and the config file's allow list) ->
//     baseline -> verify (a key verified live is reported whatever
//     suppressed it) -> exit code. Every subcommand runs it, and cudovet runs
//     the part that needs no network (Policy.Suppress).
//
// Compare staticcheck's lintcmd, which keeps its command-line policy in a
// library, and ripgrep's split of searcher and printer: the walkers find,
// report prints, and this package decides in between.
package policy

// Command benchtool is the Go half of bench/compare.sh: it generates the
// benchmark corpora (with random keys, planted at run time, and a
// ground-truth list) and renders the results table from what the script
// measured.
//
// Nothing key-shaped is stored in the repository: every key is drawn from a
// seeded random generator when a corpus is built, and the truth files hold
// only the keys' SHA-256.
//
// Usage:
//
//	benchtool tree     -dir DIR -truth FILE [-files N] [-seed S]
//	benchtool bigfile  -file FILE -truth FILE [-size BYTES] [-seed S]
//	benchtool staged   -dir DIR -truth FILE -files N [-base N] [-seed S]
//	benchtool history  -dir DIR -truth FILE [-commits N] [-base N] [-seed S]
//	benchtool report   -results DIR [-out FILE]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const (
	exitOK    = 0
	exitFail  = 1 // a detection check failed
	exitUsage = 2
)

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: benchtool tree|bigfile|staged|history|report [flags]")
		return exitUsage
	}
	cmds := map[string]func([]string, io.Writer) error{
		"tree":    cmdTree,
		"bigfile": cmdBigFile,
		"staged":  cmdStaged,
		"history": cmdHistory,
	}
	if args[0] == "report" {
		return cmdReport(args[1:], stdout, stderr)
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "benchtool: unknown command %q\n", args[0])
		return exitUsage
	}
	if err := c(args[1:], stdout); err != nil {
		fmt.Fprintf(stderr, "benchtool %s: %v\n", args[0], err)
		return exitUsage
	}
	return exitOK
}

func cmdTree(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tree", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory to create")
	truth := fs.String("truth", "", "ground-truth file to write")
	files := fs.Int("files", 4000, "number of files")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *truth == "" {
		return fmt.Errorf("-dir and -truth are required")
	}
	t, err := writeTree(*dir, *files, newGen(*seed))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "tree: %d files, %d planted keys, %d decoys in %s\n", *files, len(t.keys), len(t.decoys), *dir)
	return t.write(*truth)
}

func cmdBigFile(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bigfile", flag.ContinueOnError)
	file := fs.String("file", "", "file to create")
	truth := fs.String("truth", "", "ground-truth file to write")
	size := fs.Int64("size", 1<<30, "size in bytes")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || *truth == "" {
		return fmt.Errorf("-file and -truth are required")
	}
	t, err := writeBigFile(*file, *size, newGen(*seed))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "bigfile: %d bytes, %d planted keys in %s\n", *size, len(t.keys), *file)
	return t.write(*truth)
}

func cmdStaged(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("staged", flag.ContinueOnError)
	dir := fs.String("dir", "", "repository to create")
	truth := fs.String("truth", "", "ground-truth file to write")
	files := fs.Int("files", 10, "number of staged files")
	base := fs.Int("base", 300, "files in the committed base tree")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *truth == "" {
		return fmt.Errorf("-dir and -truth are required")
	}
	t, err := writeStagedRepo(*dir, *base, *files, newGen(*seed))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "staged: %d staged files over %d committed, %d planted keys in %s\n", *files, *base, len(t.keys), *dir)
	return t.write(*truth)
}

func cmdHistory(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	dir := fs.String("dir", "", "repository to create")
	truth := fs.String("truth", "", "ground-truth file to write")
	commits := fs.Int("commits", 3000, "number of commits")
	base := fs.Int("base", 200, "files in the first commit")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *truth == "" {
		return fmt.Errorf("-dir and -truth are required")
	}
	t, err := writeHistoryRepo(*dir, *base, *commits, newGen(*seed))
	if err != nil {
		return err
	}
	deleted := 0
	for _, k := range t.keys {
		if k.deleted {
			deleted++
		}
	}
	fmt.Fprintf(stdout, "history: %d commits, %d planted keys (%d later deleted) in %s\n", *commits, len(t.keys), deleted, *dir)
	return t.write(*truth)
}

package gittest

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"strings"
	"time"
)

// Synth describes a synthetic history, written with git fast-import: the
// fast way to make thousands of commits.
type Synth struct {
	Commits   int // commits on main, one after the other
	Files     int // files in the tree
	PerCommit int // files rewritten by each commit
	Lines     int // lines per file (about 40 bytes each)
	// KeyEvery, when positive, makes every KeyEvery-th commit add a file
	// holding a fresh key, which the next commit deletes.
	KeyEvery int
	Seed     uint64
}

// WriteStream writes the fast-import stream of s to w; key makes the
// keys. It returns the number of keys planted.
func (s Synth) WriteStream(w io.Writer, key func() string) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	rng := rand.New(rand.NewPCG(s.Seed, s.Seed^0x9e3779b97f4a7c15))
	words := strings.Fields("alpha beta gamma delta value config server client request response handler token cache index field")
	file := func(i int) string { return fmt.Sprintf("src/pkg%02d/file%04d.go", i%50, i) }
	content := func(i, ver int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "package pkg%02d\n\n// version %d of file %d\n", i%50, ver, i)
		for l := 0; l < s.Lines; l++ {
			fmt.Fprintf(&b, "var %s%d = %q // %s\n", words[rng.IntN(len(words))], l, words[rng.IntN(len(words))], words[rng.IntN(len(words))])
		}
		return b.String()
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	keys, keyPath := 0, ""
	for c := 0; c < s.Commits; c++ {
		when := start.Add(time.Duration(c) * time.Hour).Unix()
		msg := fmt.Sprintf("commit %d", c)
		fmt.Fprintf(bw, "commit refs/heads/main\nauthor Synth Author <synth@example.com> %d +0000\ncommitter Synth Author <synth@example.com> %d +0000\ndata %d\n%s\n", when, when, len(msg), msg)
		write := func(path, data string) {
			fmt.Fprintf(bw, "M 100644 inline %s\ndata %d\n%s\n", path, len(data), data)
		}
		if c == 0 {
			for i := 0; i < s.Files; i++ {
				write(file(i), content(i, 0))
			}
		} else {
			for k := 0; k < s.PerCommit; k++ {
				i := rng.IntN(s.Files)
				write(file(i), content(i, c))
			}
		}
		if keyPath != "" {
			fmt.Fprintf(bw, "D %s\n", keyPath)
			keyPath = ""
		}
		if s.KeyEvery > 0 && c > 0 && c%s.KeyEvery == 0 {
			keyPath = fmt.Sprintf("deploy/env%d.sh", c)
			write(keyPath, KeyFile(key()))
			keys++
		}
		bw.WriteString("\n")
	}
	return keys, bw.Flush()
}

// Import writes the synthetic history into the repository with git
// fast-import and checks out main. It returns the number of keys planted.
func (r *Repo) Import(s Synth) int {
	r.T.Helper()
	keys, err := ImportInto(r.Dir, s, func() string { return Key(r.T) })
	if err != nil {
		r.T.Fatal(err)
	}
	r.Git("checkout", "-q", "-f", "main")
	return keys
}

// ImportInto runs git fast-import in dir, an existing repository.
func ImportInto(dir string, s Synth, key func() string) (int, error) {
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		return 0, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	keys, werr := s.WriteStream(in, key)
	in.Close()
	if err := cmd.Wait(); err != nil {
		return keys, fmt.Errorf("git fast-import: %v: %s", err, stderr.String())
	}
	return keys, werr
}

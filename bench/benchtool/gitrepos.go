package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"sort"
	"strings"
)

// gitCmd runs git in dir with a fixed identity and without the user's hooks
// or signing, so corpora build the same way on any machine.
func gitCmd(dir string, stdin io.Reader, args ...string) error {
	base := []string{"-C", dir, "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid",
		"-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "-c", "init.defaultBranch=main"}
	cmd := exec.Command("git", append(base, args...)...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return nil
}

func initRepo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return gitCmd(dir, nil, "init", "-q", "-b", "main")
}

// writeStagedRepo creates a repository with base committed files and n
// staged changes: a tenth of them edits of committed files, the rest new
// files. One staged file in 50 (at least 2) plants a key, half of those by
// appending to an edited file, as when a key is pasted into existing code.
func writeStagedRepo(dir string, base, n int, g *gen) (*truth, error) {
	if err := initRepo(dir); err != nil {
		return nil, err
	}
	var committed []string
	var b bytes.Buffer
	contents := map[string][]byte{}
	for i := range base {
		b.Reset()
		rel, _ := g.treeFile(&b, nil, svcDir(i/filesPerSvc), i, false)
		if err := writeFile(dir, rel, b.Bytes()); err != nil {
			return nil, err
		}
		if isText(rel) {
			committed = append(committed, rel)
			contents[rel] = bytes.Clone(b.Bytes())
		}
	}
	if err := gitCmd(dir, nil, "add", "-A"); err != nil {
		return nil, err
	}
	if err := gitCmd(dir, nil, "commit", "-q", "-m", "base"); err != nil {
		return nil, err
	}

	t := &truth{}
	edits := max(1, n/10)
	plantEveryN := max(1, n/max(2, n/50))
	for i := range n {
		plant := i%plantEveryN == plantEveryN/2
		b.Reset()
		var rel string
		switch {
		case i < edits:
			rel = committed[i%len(committed)]
			b.Write(contents[rel])
			b.WriteString("\n")
			if plant {
				s := plants[i%len(plants)]
				key := g.hex64()
				text := s.text(key)
				t.addKey(key, rel, bytes.Count(b.Bytes(), []byte("\n"))+lineOf(text, key)+1, s.name)
				b.WriteString(text)
			} else {
				g.fill(&b, path.Ext(rel), 200+g.r.IntN(2000))
			}
		case plant:
			rel = g.plantFile(&b, t, "staged", plants[i%len(plants)], base+i)
		default:
			rel, _ = g.treeFile(&b, nil, "staged", base+i, false)
		}
		if err := writeFile(dir, rel, b.Bytes()); err != nil {
			return nil, err
		}
	}
	return t, gitCmd(dir, nil, "add", "-A")
}

// writeHistoryRepo builds a repository of commits commits with git
// fast-import: a first commit of base files, then commits that each edit
// one to three files, now and then add or delete a file, and at regular
// intervals add a file with a planted key. Every third planted key is
// removed again by a later commit (the file deleted, or the key replaced
// by an environment reference), so it lives only in history.
func writeHistoryRepo(dir string, base, commits int, g *gen) (*truth, error) {
	if err := initRepo(dir); err != nil {
		return nil, err
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	h := &history{g: g, w: bufio.NewWriterSize(stdin, 1<<20), files: map[string][]byte{}, t: &truth{}}
	werr := h.write(base, commits)
	if err := h.w.Flush(); err != nil && werr == nil {
		werr = err
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git fast-import: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	if werr != nil {
		return nil, werr
	}
	// Check the last commit out, as in any clone.
	return h.t, gitCmd(dir, nil, "reset", "-q", "--hard")
}

// history is the state of the repository being written.
type history struct {
	g       *gen
	w       *bufio.Writer
	files   map[string][]byte
	mutable []string // text files without plants: safe to edit
	t       *truth
	// removals maps a commit number to the planted keys it removes.
	removals map[int][]removal
}

type removal struct {
	path, key string
	truthIdx  int
	deleteAll bool
}

func (h *history) write(base, commits int) error {
	h.removals = map[int][]removal{}
	var b bytes.Buffer
	var first []string
	for i := range base {
		b.Reset()
		rel, _ := h.g.treeFile(&b, nil, svcDir(i/filesPerSvc), i, false)
		h.files[rel] = bytes.Clone(b.Bytes())
		first = append(first, rel)
		if isText(rel) {
			h.mutable = append(h.mutable, rel)
		}
	}
	h.commit(1, "initial import", first, nil)

	nPlants := max(3, min(30, commits/100))
	period := max(2, commits/(nPlants+1))
	planted := 0
	for c := 2; c <= commits; c++ {
		var changed, deleted []string
		if c%period == 0 && planted < nPlants {
			changed = append(changed, h.plant(c, planted, period, commits))
			planted++
		}
		for _, r := range h.removals[c] {
			if r.deleteAll {
				delete(h.files, r.path)
				deleted = append(deleted, r.path)
			} else {
				h.files[r.path] = bytes.ReplaceAll(h.files[r.path], []byte(r.key), []byte("${CUDO_API_KEY}"))
				changed = append(changed, r.path)
			}
			h.t.keys[r.truthIdx].deleted = true
		}
		changed = append(changed, h.edit()...)
		if d := h.dropFile(); d != "" {
			deleted = append(deleted, d)
		}
		h.commit(c, fmt.Sprintf("change %d", c), changed, deleted)
	}
	return nil
}

// plant adds a new file with a key at commit c and, for every third key,
// schedules its removal before the next plant.
func (h *history) plant(c, k, period, commits int) string {
	var b bytes.Buffer
	s := plants[k%len(plants)]
	rel := h.g.plantFile(&b, h.t, "svc-planted", s, c)
	h.files[rel] = b.Bytes()
	if k%3 == 2 && c+period/2 <= commits {
		r := removal{path: rel, truthIdx: len(h.t.keys) - 1, deleteAll: k%2 == 0}
		// The key is the 64-hex run at the recorded line.
		r.key = keyAtLine(b.Bytes(), h.t.keys[r.truthIdx].line)
		h.removals[c+period/2] = append(h.removals[c+period/2], r)
	}
	return rel
}

// keyAtLine returns the 64-hex run on the given 1-based line of text.
func keyAtLine(text []byte, line int) string {
	l := string(bytes.Split(text, []byte("\n"))[line-1])
	for i := 0; i+64 <= len(l); i++ {
		if isHex64(l[i : i+64]) {
			return l[i : i+64]
		}
	}
	return ""
}

func isHex64(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// edit inserts a few lines into one to three mutable files, or adds a new
// file, and returns the paths it changed.
func (h *history) edit() []string {
	if h.g.r.IntN(20) == 0 {
		var b bytes.Buffer
		rel, _ := h.g.treeFile(&b, nil, "svc-new", 100000+len(h.files)+h.g.r.IntN(1<<20), false)
		h.files[rel] = b.Bytes()
		if isText(rel) {
			h.mutable = append(h.mutable, rel)
		}
		return []string{rel}
	}
	var out []string
	for range 1 + h.g.r.IntN(3) {
		rel := h.mutable[h.g.r.IntN(len(h.mutable))]
		old := h.files[rel]
		at := insertPoint(old, h.g.r.IntN(len(old)+1))
		var ins bytes.Buffer
		h.g.fill(&ins, path.Ext(rel), 80+h.g.r.IntN(600))
		h.files[rel] = append(append(append([]byte{}, old[:at]...), ins.Bytes()...), old[at:]...)
		out = append(out, rel)
	}
	return out
}

// insertPoint returns the start of the line after offset p (or len(b)).
func insertPoint(b []byte, p int) int {
	if p >= len(b) {
		return len(b)
	}
	i := bytes.IndexByte(b[p:], '\n')
	if i < 0 {
		return len(b)
	}
	return p + i + 1
}

// dropFile deletes a mutable file now and then and returns its path.
func (h *history) dropFile() string {
	if h.g.r.IntN(100) != 0 || len(h.mutable) < 10 {
		return ""
	}
	i := h.g.r.IntN(len(h.mutable))
	rel := h.mutable[i]
	h.mutable = append(h.mutable[:i], h.mutable[i+1:]...)
	delete(h.files, rel)
	return rel
}

// commit writes one fast-import commit on main with the current content of
// the changed paths and the deletions.
func (h *history) commit(n int, msg string, changed, deleted []string) {
	const epoch = 1700000000
	who := fmt.Sprintf("Bench <bench@example.invalid> %d +0000", epoch+n*3600)
	fmt.Fprintf(h.w, "commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n", n, who, who, len(msg), msg)
	if n > 1 {
		fmt.Fprintf(h.w, "from :%d\n", n-1)
	}
	sort.Strings(deleted)
	for _, rel := range deleted {
		fmt.Fprintf(h.w, "D %s\n", rel)
	}
	seen := map[string]bool{}
	for _, rel := range changed {
		data, ok := h.files[rel]
		if !ok || seen[rel] {
			continue
		}
		seen[rel] = true
		fmt.Fprintf(h.w, "M 100644 inline %s\ndata %d\n", rel, len(data))
		h.w.Write(data)
		h.w.WriteString("\n")
	}
	h.w.WriteString("\n")
}

package gitscan

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/fuzzcheck"
	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
)

// Fuzz targets for the parsers of git's output: the --raw -z entries of
// diff-index and log, and the commit headers of log. For any input: no
// panic, the input left unchanged, the same answer twice, and every path,
// object name and commit they yield taken from the input; and a
// well-formed stream built from fuzzed fields yields exactly those fields.

// gitOutputs returns real output of the git commands the parsers read, from
// a repository with odd file names, a deletion, a mode change, a symlink
// and a merge: the seeds.
func gitOutputs(f *testing.F) (logs, raws []string) {
	gittest.Sandbox(f)
	r := gittest.New(f)
	r.Write("a.env", "CUDO_API_KEY=x\n")
	r.Write("dir/with space/é.txt", "x\n")
	r.Write("new\nline.txt", "x\n")
	r.Add()
	r.Commit("one")
	r.Git("checkout", "-q", "-b", "side")
	r.Write("side.txt", "side\n")
	r.Add()
	r.Commit("side")
	r.Git("checkout", "-q", "-")
	r.Remove("a.env")
	r.Write("b.sh", "#!/bin/sh\n")
	r.Git("add", "-A")
	r.Git("update-index", "--chmod=+x", "b.sh")
	r.Commit("two")
	r.Git("merge", "-q", "--no-edit", "side")
	r.Git("rm", "-q", "--cached", "side.txt")
	logs = append(logs, r.Git("-c", "core.quotepath=false", "log", "--reverse", "--topo-order", "--raw", "-z",
		"--no-abbrev", "--no-renames", "--diff-merges=first-parent", "--root", "--no-show-signature",
		"--no-color", "--no-textconv", "--no-ext-diff", logFormat, "--all", "--"))
	raws = append(raws, r.Git("-c", "core.quotepath=false", "diff-index", "--cached", "-z", "--raw", "--no-renames", "--no-abbrev", "HEAD", "--"))
	return logs, raws
}

// tokensOf splits b as splitNUL does, for checking what the parsers yield.
func tokensOf(b []byte) map[string]bool {
	toks := map[string]bool{}
	splitNUL(bytes.NewReader(b), func(tok []byte) error {
		toks[string(tok)] = true
		tok = bytes.TrimLeft(tok, "\n")
		for _, f := range strings.Fields(string(bytes.TrimPrefix(tok, []byte{':'}))) {
			toks[f] = true
		}
		if len(tok) > 0 && tok[0] == 1 {
			toks[string(tok[1:])] = true
		}
		return nil
	})
	return toks
}

func FuzzParseRaw(f *testing.F) {
	_, raws := gitOutputs(f)
	for _, s := range raws {
		f.Add([]byte(s), "x.env", "M")
	}
	f.Add([]byte(":100644 100644 a b M\x00p\x00:bad\x00"), "p", "A")
	f.Add([]byte("\x00\x00:\x00"), "", "")
	f.Fuzz(func(t *testing.T, in []byte, path, status string) {
		type result struct {
			entries []rawEntry
			err     string
		}
		parse := func(b []byte) result {
			var r result
			err := parseRaw(bytes.NewReader(b), func(e rawEntry) error { r.entries = append(r.entries, e); return nil })
			if err != nil {
				r.err = err.Error()
			}
			return r
		}
		got := fuzzcheck.Pure(t, in, parse)
		toks := tokensOf(in)
		for _, e := range got.entries {
			for _, s := range []string{e.path, e.srcMode, e.dstMode, e.srcOID, e.dstOID} {
				if !toks[s] {
					t.Fatalf("entry %+v: %q is not in the input", e, s)
				}
			}
		}
		// A well-formed entry parses to its fields.
		if f := strings.Fields(status); path == "" || strings.IndexByte(path, 0) >= 0 || len(f) != 1 || f[0] != status || strings.IndexByte(status, 0) >= 0 {
			return
		}
		oid := strings.Repeat("ab", 20)
		stream := ":100644 100755 " + oid + " " + oid + " " + status + "\x00" + path + "\x00"
		want := rawEntry{srcMode: "100644", dstMode: "100755", srcOID: oid, dstOID: oid, status: status[0], path: path}
		if r := parse([]byte(stream)); r.err != "" || len(r.entries) != 1 || r.entries[0] != want {
			t.Fatalf("%q parsed to %+v, want %+v", stream, r, want)
		}
	})
}

func FuzzLogWalker(f *testing.F) {
	logs, _ := gitOutputs(f)
	for _, s := range logs {
		f.Add([]byte(s), "x.env", "Ada Lovelace")
	}
	f.Add([]byte("\x01abc\x00\x00a\x00e\x00d\x00:100644 100644 0 1 A\x00p\x00"), "p", "a")
	f.Add([]byte(":100644 100644 0 1 A\x00p\x00"), "", "")
	f.Fuzz(func(t *testing.T, in []byte, path, author string) {
		type result struct {
			jobs    []blobJob
			commits []scanner.Commit
			stats   scanner.Stats
			err     string
		}
		walk := func(b []byte) result {
			var r result
			jobs := make(chan blobJob, bytes.Count(b, []byte{0})+1)
			w := &logWalker{opts: &scanner.Options{}, jobs: jobs, stats: &r.stats, seen: newOIDSet(), progress: &Progress{}}
			err := splitNUL(bytes.NewReader(b), func(tok []byte) error { return w.token(context.Background(), tok) })
			close(jobs)
			for j := range jobs {
				r.commits = append(r.commits, *j.commit)
				j.commit = nil
				r.jobs = append(r.jobs, j)
			}
			if err != nil {
				r.err = err.Error()
			}
			return r
		}
		got := fuzzcheck.Pure(t, in, walk)
		toks := tokensOf(in)
		for i, j := range got.jobs {
			c := got.commits[i]
			for _, s := range []string{j.path, j.oid, c.Hash, c.Author, c.Email, c.Date} {
				if !toks[s] {
					t.Fatalf("job %+v of commit %+v: %q is not in the input", j, c, s)
				}
			}
		}
		// A well-formed log of one commit adding one file yields that file,
		// in that commit.
		if path == "" || strings.IndexByte(path, 0) >= 0 || strings.IndexByte(author, 0) >= 0 {
			return
		}
		hash, oid := strings.Repeat("c", 40), strings.Repeat("b", 40)
		parent := strings.Repeat("d", 40)
		stream := "\x01" + hash + "\x00" + parent + "\x00" + author + "\x00a@example.com\x00" + "2024-01-02T03:04:05+00:00\x00" +
			"\n:000000 100644 " + strings.Repeat("0", 40) + " " + oid + " A\x00" + path + "\x00"
		r := walk([]byte(stream))
		wantCommit := scanner.Commit{Hash: hash, Author: author, Email: "a@example.com", Date: "2024-01-02T03:04:05+00:00"}
		if r.err != "" || len(r.jobs) != 1 || r.jobs[0].path != path || r.jobs[0].oid != oid || r.commits[0] != wantCommit {
			t.Fatalf("%q walked to %+v", stream, r)
		}
	})
}

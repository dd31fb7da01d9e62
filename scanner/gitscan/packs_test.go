package gitscan_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

// historyBothWays scans the history of dir with the pack reader and
// through git alone, and fails unless both find and count the same.
func historyBothWays(t *testing.T, dir string, jobs int) *gitscan.HistoryResult {
	t.Helper()
	packed, err := open(t, dir).ScanHistory(context.Background(), scanner.Options{Jobs: jobs}, historyAll)
	if err != nil {
		t.Fatal(err)
	}
	r := open(t, dir)
	gitscan.ReadBlobsThroughGit(r)
	viaGit, err := r.ScanHistory(context.Background(), scanner.Options{Jobs: jobs}, historyAll)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(packed.Findings, viaGit.Findings) {
		t.Errorf("jobs %d: %d findings from the packs, %d through git", jobs, len(packed.Findings), len(viaGit.Findings))
	}
	if !reflect.DeepEqual(packed.Stats, viaGit.Stats) || packed.Commits != viaGit.Commits {
		t.Errorf("jobs %d: from the packs %+v, through git %+v", jobs, packed, viaGit)
	}
	return packed
}

// A repository in several states at once: a history packed with delta
// chains, a newer pack, and loose commits on top, keys in each. Reading
// blobs from the packs finds what reading them through git finds.
func TestHistoryFromPacksMatchesGit(t *testing.T) {
	r := gittest.New(t)
	keys := r.Import(gittest.Synth{Commits: 150, Files: 20, PerCommit: 3, Lines: 40, KeyEvery: 30, Seed: 3})
	r.Git("repack", "-q", "-a", "-d", "-f", "--depth=30", "--window=20")
	key := gittest.Key(t)
	r.Write("deploy/newer.sh", gittest.KeyFile(key))
	r.Add()
	r.Commit("a key in a pack of its own")
	r.Git("repack", "-q", "-d") // the new objects only: a second pack
	for i := range 3 {
		r.Write(fmt.Sprintf("src/pkg00/file%04d.go", i*50), fmt.Sprintf("package pkg00\n\n// loose %d\n", i))
		r.Write(fmt.Sprintf("deploy/loose%d.sh", i), gittest.KeyFile(gittest.Key(t)))
		r.Add()
		r.Commit(fmt.Sprintf("loose %d", i))
	}
	if n := strings.Count(r.Git("count-objects", "-v"), "packs: 2"); n != 1 {
		t.Fatalf("want two packs and loose objects:\n%s", r.Git("count-objects", "-v"))
	}
	for _, jobs := range []int{1, 3} {
		res := historyBothWays(t, r.Dir, jobs)
		if want := keys + 1 + 3; len(res.Findings) != want {
			t.Errorf("jobs %d: %d findings, want the %d keys planted", jobs, len(res.Findings), want)
		}
	}
}

// A history that is all packed reads every blob in process: no cat-file
// is started. Loose objects on top start one, for them.
func TestHistoryPackedStartsNoCatFile(t *testing.T) {
	r := gittest.New(t)
	r.Import(gittest.Synth{Commits: 40, Files: 10, PerCommit: 2, Lines: 10, Seed: 5})
	commands := logGitCommands(t)
	seen := 0
	catFiles := func() int {
		if _, err := open(t, r.Dir).ScanHistory(context.Background(), scanner.Options{Jobs: 2}, historyAll); err != nil {
			t.Fatal(err)
		}
		cmds := commands()[seen:]
		seen += len(cmds)
		if !slices.Contains(cmds, "log") {
			t.Fatalf("no git log among %q", cmds)
		}
		n := 0
		for _, c := range cmds {
			if c == "cat-file" {
				n++
			}
		}
		return n
	}
	if n := catFiles(); n != 0 {
		t.Errorf("%d cat-file processes for a packed history, want none", n)
	}
	r.Write("loose.txt", "loose\n")
	r.Add()
	r.Commit("loose")
	if n := catFiles(); n < 1 || n > 2 {
		t.Errorf("%d cat-file processes with a loose blob, want 1 or 2 (one a worker)", n)
	}
}

// git replace makes cat-file answer with the replacement; the pack reader
// would read the original. So with replace refs git answers, and the key
// that only the replacement holds is found.
func TestHistoryReplaceRefsReadThroughGit(t *testing.T) {
	r := gittest.New(t)
	r.Write("config.sh", "export REGION=eu\n")
	r.Add()
	r.Commit("config")
	key := gittest.Key(t)
	orig := strings.TrimSpace(r.Git("rev-parse", "HEAD:config.sh"))
	r.Write("replacement.txt", gittest.KeyFile(key))
	repl := strings.TrimSpace(r.Git("hash-object", "-w", "replacement.txt"))
	r.Git("replace", orig, repl)
	r.Git("repack", "-q", "-a", "-d")
	res := history(t, r.Dir, historyAll)
	// The replace ref itself names the replacement, and is scanned too.
	checkKeys(t, res.Findings, want("config.sh", key), want("refs/replace/"+orig, key))
}

// A blob over the pack reader's bound in memory is streamed through git
// instead, and its key found.
func TestHistoryLargePackedBlobThroughGit(t *testing.T) {
	if testing.Short() {
		t.Skip("packs a 17 MiB blob")
	}
	r := gittest.New(t)
	key := gittest.Key(t)
	const rows = 17 << 20 / 33 // 33 bytes a row
	r.Write("dump.sql", strings.Repeat("INSERT INTO t VALUES (1, 'row');\n", rows)+gittest.KeyFile(key))
	r.Add()
	r.Commit("dump")
	r.Git("repack", "-q", "-a", "-d")
	res := historyBothWays(t, r.Dir, 2)
	at := want("dump.sql", key)
	at.Line += rows
	checkKeys(t, res.Findings, at)
}

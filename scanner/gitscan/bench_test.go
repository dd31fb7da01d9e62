package gitscan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
)

// benchHistory is the synthetic history of the benchmarks: 2,000 commits
// over 500 files of about 1.3 KB, five files rewritten per commit, a key
// planted (and deleted) every 100 commits.
var benchHistory = gittest.Synth{Commits: 2000, Files: 500, PerCommit: 5, Lines: 30, KeyEvery: 100, Seed: 7}

func benchRepo(b *testing.B, s gittest.Synth) (*gittest.Repo, int) {
	b.Helper()
	r := &gittest.Repo{T: b, Dir: b.TempDir()}
	r.Git("init", "-q")
	keys := r.Import(s)
	return r, keys
}

func BenchmarkHistory(b *testing.B) {
	r, keys := benchRepo(b, benchHistory)
	for _, jobs := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			var res *scanner.Result
			for b.Loop() {
				repo, err := openRepo(context.Background(), r.Dir)
				if err != nil {
					b.Fatal(err)
				}
				hr, err := repo.ScanHistory(context.Background(), scanner.Options{Jobs: jobs}, historyAll)
				if err != nil {
					b.Fatal(err)
				}
				res = &hr.Result
			}
			if len(res.Findings) != keys {
				b.Fatalf("%d findings, want %d", len(res.Findings), keys)
			}
			b.SetBytes(res.Stats.Bytes)
			b.ReportMetric(float64(res.Stats.Files), "blobs")
		})
	}
}

func BenchmarkStaged(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			r, _ := benchRepo(b, gittest.Synth{Commits: 1, Files: 1000, Lines: 30, Seed: 3})
			for i := range n {
				r.Write(fmt.Sprintf("src/pkg%02d/file%04d.go", i%50, i), fmt.Sprintf("package pkg%02d\n\n// edited\nvar x = %q\n", i%50, strings.Repeat("y", 1000)))
			}
			r.Add()
			ctx := context.Background()
			var res *scanner.Result
			for b.Loop() {
				repo, err := openRepo(ctx, r.Dir)
				if err != nil {
					b.Fatal(err)
				}
				sr, err := repo.ScanStaged(ctx, scanner.Options{}, false)
				if err != nil {
					b.Fatal(err)
				}
				res = &sr.Result
			}
			if res.Stats.Files != int64(n) {
				b.Fatalf("scanned %d files, want %d", res.Stats.Files, n)
			}
			b.SetBytes(res.Stats.Bytes)
		})
	}
}

// TestWriteBenchRepos builds the repositories of the measurements in the
// directory named by $CUDOSCAN_BENCH_REPOS, to time cudoscan and other
// scanners on them: history/ (5,000 commits), staged10/ and staged1000/
// (1,000 committed files, 10 or 1,000 of them changed and staged).
func TestWriteBenchRepos(t *testing.T) {
	dir := os.Getenv("CUDOSCAN_BENCH_REPOS")
	if dir == "" {
		t.Skip("set CUDOSCAN_BENCH_REPOS to a directory to build the benchmark repositories in")
	}
	mk := func(name string, s gittest.Synth) *gittest.Repo {
		r := &gittest.Repo{T: t, Dir: filepath.Join(dir, name)}
		if err := os.MkdirAll(r.Dir, 0o755); err != nil {
			t.Fatal(err)
		}
		r.Git("init", "-q")
		t.Logf("%s: %d keys planted", name, r.Import(s))
		return r
	}
	mk("history", gittest.Synth{Commits: 5000, Files: 1000, PerCommit: 5, Lines: 40, KeyEvery: 250, Seed: 11})
	for _, n := range []int{10, 1000} {
		r := mk(fmt.Sprintf("staged%d", n), gittest.Synth{Commits: 1, Files: 1000, Lines: 40, Seed: 5})
		for i := range n {
			r.Write(fmt.Sprintf("src/pkg%02d/file%04d.go", i%50, i), fmt.Sprintf("package pkg%02d\n\n// edited\nvar x = %q\n", i%50, strings.Repeat("y", 1500)))
		}
		r.Write("deploy/env.sh", gittest.KeyFile(gittest.Key(t)))
		r.Add()
	}
}

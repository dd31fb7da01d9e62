package gitpack

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
)

// BenchmarkReadBlobs reads every blob of a packed synthetic history, in
// the order a history scan asks for them (oldest commit first), from a
// Store opened afresh each time: the cost a history scan pays to inflate
// and resolve deltas, without the scan.
func BenchmarkReadBlobs(b *testing.B) {
	r := &gittest.Repo{T: b, Dir: b.TempDir()}
	r.Git("init", "-q")
	r.Import(gittest.Synth{Commits: 600, Files: 60, PerCommit: 3, Lines: 200, Seed: 11})
	r.Git("repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=10")
	var oids [][]byte
	seen := map[string]bool{}
	log := r.Git("log", "--reverse", "--raw", "--no-abbrev", "--format=", "--all")
	for line := range strings.Lines(log) {
		f := strings.Fields(line)
		if len(f) >= 5 && !seen[f[3]] && strings.Trim(f[3], "0") != "" {
			seen[f[3]] = true
			oids = append(oids, mustHex(b, f[3]))
		}
	}
	var size int64
	for b.Loop() {
		s, err := Open(filepath.Join(r.Dir, ".git", "objects"), 20, Options{MaxObject: 16 << 20, CacheBytes: 16 << 20})
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, oid := range oids {
			_, data, err := s.Read(oid)
			if err != nil {
				b.Fatal(err)
			}
			size += int64(len(data))
		}
		s.Close()
	}
	b.SetBytes(size)
	b.ReportMetric(float64(len(oids)), "blobs/op")
}

package gitpack

import (
	"fmt"
	"path/filepath"
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
	oids := historyBlobs(b, r)
	for _, once := range []bool{false, true} {
		b.Run(fmt.Sprintf("readOnce=%v", once), func(b *testing.B) {
			var size int64
			for b.Loop() {
				s, err := Open(filepath.Join(r.Dir, ".git", "objects"), 20, Options{MaxObject: 16 << 20, CacheBytes: 16 << 20, ReadOnce: once})
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
		})
	}
}

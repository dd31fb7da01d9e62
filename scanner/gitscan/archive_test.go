package gitscan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/archivetest"
	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
)

var archives = scanner.Options{ArchiveDepth: scanner.DefaultArchiveDepth}

// A zip committed and later deleted is unpacked from its blob, streamed
// from git: the key in it is found at the blob's path!entry, with the
// commit that added it. A tar.gz in the same commit, the same.
func TestHistoryArchiveBlob(t *testing.T) {
	r := gittest.New(t)
	key, key2 := gittest.Key(t), gittest.Key(t)
	r.Write("dist/bundle.zip", string(archivetest.Zip(t, archivetest.F("README", "hi\n"), archivetest.F("bin/deploy.sh", gittest.KeyFile(key)))))
	r.Write("dist/site.tgz", string(archivetest.TarGz(t, archivetest.F("deploy.sh", gittest.KeyFile(key2)))))
	r.Add()
	added := r.Commit("add the bundles")
	r.Git("rm", "-q", "dist/bundle.zip", "dist/site.tgz")
	r.Commit("remove them")

	res, err := open(t, r.Dir).ScanHistory(context.Background(), archives, historyAll)
	if err != nil {
		t.Fatal(err)
	}
	checkKeys(t, res.Findings, want("dist/bundle.zip!bin/deploy.sh", key), want("dist/site.tgz!deploy.sh", key2))
	for _, f := range res.Findings {
		if f.Commit == nil || f.Commit.Hash != added {
			t.Errorf("%s: commit %+v, want %s", f.Path, f.Commit, added)
		}
	}
	if len(res.Stats.Skipped) != 0 || len(res.Stats.Errors) != 0 {
		t.Errorf("skipped %v, errors %v", res.Stats.Skipped, res.Stats.Errors)
	}

	// Archives off (--archive-depth 0): the blobs are binary, as before.
	res = history(t, r.Dir, historyAll)
	checkKeys(t, res.Findings)
	if s := skipped(res.Stats); s["dist/bundle.zip"] != "binary" || s["dist/site.tgz"] != "binary" {
		t.Errorf("skipped %v", res.Stats.Skipped)
	}
}

// A staged zip is unpacked from the index; one too large to hold in memory
// is a skip that says so, and the commit's other files are scanned.
func TestStagedArchiveBlob(t *testing.T) {
	r := gittest.New(t)
	key := gittest.Key(t)
	r.Write("plan.out", string(archivetest.Zip(t, archivetest.F("tfplan", gittest.KeyFile(key)))))
	r.Write("big.jar", string(archivetest.Zip(t, archivetest.File{Name: "pad", Data: []byte(strings.Repeat("pad\n", 4<<10)), Store: true})))
	r.Add()
	opts := archives
	opts.ArchiveLimits.MaxBuffer = 8 << 10
	res, err := open(t, r.Dir).ScanStaged(context.Background(), opts, false)
	if err != nil {
		t.Fatal(err)
	}
	checkKeys(t, res.Findings, want("plan.out!tfplan", key))
	if s := skipped(res.Stats)["big.jar"]; !strings.HasPrefix(s, "archive too large (a zip of 16.") {
		t.Errorf("big.jar skipped as %q", s)
	}
	if res.Stats.Files != 1 || len(res.Stats.Errors) != 0 {
		t.Errorf("stats %+v", res.Stats)
	}
}

package gitscan_test

import (
	"context"
	"slices"
	"testing"

	"github.com/cudoscan/cudoscan/internal/gittest"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/scanner/gitscan"
)

func TestMain(m *testing.M) { gittest.Main(m) }

func open(t *testing.T, dir string) *gitscan.Repo {
	t.Helper()
	r, err := gitscan.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var historyAll = gitscan.HistoryOptions{}

func openRepo(ctx context.Context, dir string) (*gitscan.Repo, error) { return gitscan.Open(ctx, dir) }

func staged(t *testing.T, dir string, all bool) *gitscan.StagedResult {
	t.Helper()
	res, err := open(t, dir).ScanStaged(context.Background(), scanner.Options{}, all)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func history(t *testing.T, dir string, h gitscan.HistoryOptions) *gitscan.HistoryResult {
	t.Helper()
	res, err := open(t, dir).ScanHistory(context.Background(), scanner.Options{}, h)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// keyAt is a finding reduced to what the tests compare.
type keyAt struct {
	Path      string
	Line, Col int
	Secret    string
}

func keysOf(fs []scanner.Finding) []keyAt {
	var out []keyAt
	for _, f := range fs {
		if f.Secret != "" {
			out = append(out, keyAt{f.Path, f.Line, f.Column, f.Secret})
		}
	}
	return out
}

func want(path, key string) keyAt {
	return keyAt{path, gittest.KeyLine, gittest.KeyColumn, key}
}

func checkKeys(t *testing.T, got []scanner.Finding, want ...keyAt) {
	t.Helper()
	if g := keysOf(got); !slices.Equal(g, want) {
		t.Errorf("keys found:\n got %v\nwant %v", g, want)
	}
}

// skipped returns the skip reasons by path.
func skipped(s scanner.Stats) map[string]string {
	m := map[string]string{}
	for _, x := range s.Skipped {
		m[x.Path] = x.Reason
	}
	return m
}

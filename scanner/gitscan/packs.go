package gitscan

import (
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"

	"github.com/cudoscan/cudoscan/internal/gitpack"
)

// Bounds of the in-process pack reader (see openPacks). A blob larger
// than packMaxObject is streamed through cat-file instead, in chunks, as
// before; the cache holds the delta bases that a history read oldest
// first needs again. History reads each blob once (gitpack.ReadOnce), so
// the cache keeps only what is still to be read or built on: with 32 MiB
// every pack entry of a golang/tools clone (48,329 blobs) and of a
// repacked 3,000-commit history was inflated once; a plain LRU of 16 MiB
// inflated twice and five times the bytes.
const (
	packMaxObject  = 16 << 20
	packCacheBytes = 32 << 20
)

// openPacks opens the repository's pack files, for the workers to read
// blobs from without git (internal/gitpack says why it is faster), or
// returns nil when every blob is to come from git:
//
//   - replace refs (git replace) are in force: cat-file answers with the
//     replacement, and so must we, so git answers;
//   - the hash algorithm is not one the reader knows;
//   - the object directory cannot be found or read.
//
// Whatever the reader does not hold, or cannot build, still comes from
// git: a loose object, an alternate's, one in a pack written since.
func (r *Repo) openPacks(ctx context.Context) *gitpack.Store {
	hashLen := map[string]int{"sha1": 20, "sha256": 32}[r.objectFormat]
	if hashLen == 0 || r.gitOnly || os.Getenv("GIT_REPLACE_REF_BASE") != "" {
		return nil
	}
	out, err := r.output(ctx, "rev-parse", "--git-path", "objects", "--glob=refs/replace/*")
	if err != nil {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 1 && os.Getenv("GIT_NO_REPLACE_OBJECTS") == "" {
		return nil // replace refs listed after the path
	}
	dir := lines[0]
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(r.dir, dir)
	}
	s, err := gitpack.Open(dir, hashLen, gitpack.Options{MaxObject: packMaxObject, CacheBytes: packCacheBytes, ReadOnce: true}) // history reads each blob once
	if err != nil || s.Packs() == 0 {
		return nil
	}
	return s
}

// oidBytes is the binary form of a hex object name, nil if it is not one.
func oidBytes(oid string) []byte {
	b, err := hex.DecodeString(oid)
	if err != nil {
		return nil
	}
	return b
}

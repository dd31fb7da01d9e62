package gitscan

import (
	"encoding/hex"
)

// modLog records, while the history is walked, every change that replaces
// or deletes a blob at a path: what a leak's removal is found from
// afterwards, without walking the history a second time. It is compact
// (48 bytes a change, 20 a commit: SHA-1 names kept as bytes) because it
// is kept for every change, before anything is known to have leaked. A
// repository with other object names (SHA-256) turns it off, and
// groupLeaks walks the history of the leaked paths again instead.
type modLog struct {
	off     bool
	commits [][20]byte // by commit index
	paths   []string   // by path index
	pathIdx map[string]uint32
	mods    []mod
}

// mod is one change: at path, in commit, the blob src became dst (zero
// for a deletion).
type mod struct {
	src, dst     [20]byte
	path, commit uint32
}

func newModLog() *modLog { return &modLog{pathIdx: map[string]uint32{}} }

// commit starts the changes of the next commit.
func (m *modLog) commit(hash string) {
	if m.off {
		return
	}
	h, ok := oid20(hash)
	if !ok {
		m.off = true
		m.commits, m.mods, m.paths, m.pathIdx = nil, nil, nil, nil
		return
	}
	m.commits = append(m.commits, h)
}

// change records a diff entry that replaces or deletes a blob.
func (m *modLog) change(e rawEntry) {
	if m.off || len(m.commits) == 0 || (e.status != 'M' && e.status != 'D' && e.status != 'T') {
		return
	}
	src, ok := oid20(e.srcOID)
	if !ok {
		return
	}
	var dst [20]byte
	if e.status != 'D' {
		dst, _ = oid20(e.dstOID)
	}
	p, seen := m.pathIdx[e.path]
	if !seen {
		p = uint32(len(m.paths))
		m.paths = append(m.paths, e.path)
		m.pathIdx[e.path] = p
	}
	m.mods = append(m.mods, mod{src: src, dst: dst, path: p, commit: uint32(len(m.commits) - 1)})
}

// oid20 decodes a SHA-1 object name.
func oid20(s string) ([20]byte, bool) {
	var b [20]byte
	if len(s) != 40 {
		return b, false
	}
	_, err := hex.Decode(b[:], []byte(s))
	return b, err == nil
}

// removals returns, for each leak, the hash of the last commit that took
// it out of its path (replaced a blob holding it by one that does not, or
// deleted the file), unless a later change brought it back.
func (m *modLog) removals(byPath map[string][]*leak) map[*leak]string {
	out := map[*leak]string{}
	blobs := map[*leak]map[[20]byte]bool{}
	for _, ls := range byPath {
		for _, l := range ls {
			set := map[[20]byte]bool{}
			for oid := range l.blobs {
				if b, ok := oid20(oid); ok {
					set[b] = true
				}
			}
			blobs[l] = set
		}
	}
	var zero [20]byte
	for _, c := range m.mods {
		for _, l := range byPath[m.paths[c.path]] {
			had := blobs[l][c.src]
			has := c.dst != zero && blobs[l][c.dst]
			switch {
			case had && !has:
				out[l] = hex.EncodeToString(m.commits[c.commit][:])
			case has && !had:
				delete(out, l)
			}
		}
	}
	return out
}

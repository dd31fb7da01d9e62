package gitpack

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cudoscan/cudoscan/internal/inflate"
	// klauspost's zlib for the streams read before the extents are
	// known: it was 15% faster end to end than compress/zlib (412 against
	// 485 ms on the bench history, 2 CPUs).
	"github.com/klauspost/compress/zlib"
)

// ErrNotFound is an object this reader cannot find: git may still have
// it (see the package comment).
var ErrNotFound = errors.New("object not in the packs read here")

// ErrTooLarge is an object, or a delta's result, larger than the Store's
// bound: the caller streams it through git instead.
var ErrTooLarge = errors.New("object larger than the in-memory bound")

// maxChain bounds a delta chain. Git's default depth is 50 and its most
// aggressive repack 250; a longer chain is a loop or a hostile pack.
const maxChain = 10000

// Store reads the objects of one object directory. It is safe for
// concurrent use; the bytes it returns are shared and must not be
// changed.
type Store struct {
	hashLen  int
	maxSize  int64
	packs    []*pack
	cache    *baseCache
	zlibs    sync.Pool     // of *inflater, zlib streams (before the extents are known)
	inflated atomic.Int64  // entries inflated: what the cache saves, for the tests
	bufs     buffers       // for what is built and let go: see buffers
	counted  chan struct{} // closed when countUses is done; nil without ReadOnce
	stop     atomic.Bool   // Close was called: countUses stops
}

// Options bound a Store's memory.
type Options struct {
	// MaxObject is the largest object Read builds in memory; a larger
	// one is ErrTooLarge.
	MaxObject int64
	// CacheBytes bounds the shared cache of delta bases.
	CacheBytes int
	// ReadOnce says that each object is read at most once, as a history
	// scan reads each blob: the cache then counts the deltas on each
	// object (from the entries' headers, when the Store opens) and keeps
	// an object only while a read or build still to come needs it.
	// Reading an object twice is still right, only slower.
	ReadOnce bool
}

// Open reads the pack indexes of the object directory dir (a repository's
// .git/objects) for object names of hashLen bytes (20 for SHA-1, 32 for
// SHA-256). A pack it cannot read is left out, and its objects are
// ErrNotFound; no pack at all is not an error.
func Open(dir string, hashLen int, opts Options) (*Store, error) {
	if hashLen != 20 && hashLen != 32 {
		return nil, fmt.Errorf("object names of %d bytes", hashLen)
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	s := &Store{hashLen: hashLen, maxSize: opts.MaxObject, cache: newBaseCache(opts.CacheBytes)}
	idxs, _ := filepath.Glob(filepath.Join(dir, "pack", "*.idx"))
	slices.Sort(idxs)
	for _, idx := range idxs {
		p, err := openPack(idx, hashLen)
		if err != nil {
			continue // left to git, which says what is wrong with it
		}
		s.packs = append(s.packs, p)
	}
	if opts.ReadOnce {
		// The counts take a look at every entry's header (about 90 ms
		// for a golang/tools clone's 124,000): they are made while git
		// walks the commits, and the cache is an LRU until they come.
		s.counted = make(chan struct{})
		go func() {
			defer close(s.counted)
			s.findExtents()
			if u := s.countUses(); u != nil {
				s.cache.setUses(u)
			}
		}()
	}
	return s, nil
}

// Close releases the packs. Bytes that Read returned stay valid.
func (s *Store) Close() error {
	if s.counted != nil {
		s.stop.Store(true)
		<-s.counted // it reads the packs
	}
	var err error
	for _, p := range s.packs {
		err = errors.Join(err, p.close())
	}
	s.packs = nil
	return err
}

// Packs is how many packs the Store reads.
func (s *Store) Packs() int { return len(s.packs) }

// Read returns the type ("blob", "tree", "commit" or "tag") and bytes of
// the object named oid.
func (s *Store) Read(oid []byte) (typ string, data []byte, err error) {
	return s.ReadObject(s.Find(oid))
}

// Object is where a pack holds an object: what Find found, for
// ReadObject, so that a caller that asks whether the packs hold an object
// and then reads it looks it up once. The zero Object is none.
type Object struct {
	p   *pack
	off uint64
}

// Found reports whether o is in a pack.
func (o Object) Found() bool { return o.p != nil }

// Find returns where a pack read here holds oid, or the zero Object: a
// look in the indexes, nothing inflated. An index cut short under its
// mapping is "not found": git is asked, and says what is wrong.
func (s *Store) Find(oid []byte) Object {
	if len(oid) != s.hashLen {
		return Object{}
	}
	if p, off, ok := s.lookup(oid); ok {
		return Object{p, off}
	}
	return Object{}
}

// ReadObject returns the type and bytes of the object Find found, or
// ErrNotFound for the zero Object.
func (s *Store) ReadObject(o Object) (typ string, data []byte, err error) {
	typ, data, _, err = s.ReadOwned(o)
	return typ, data, err
}

// ReadOwned is ReadObject, and says whether the caller alone holds data
// (the cache did not keep it): then the caller may give it back with
// Recycle once done with it.
func (s *Store) ReadOwned(o Object) (typ string, data []byte, owned bool, err error) {
	if !o.Found() {
		return "", nil, false, ErrNotFound
	}
	t, data, owned, err := s.readPacked(o.p, o.off)
	if err != nil {
		return "", nil, false, fmt.Errorf("%s: %w", o.p.name, err)
	}
	return typeNames[t], data, owned, nil
}

// Recycle takes back data, which ReadOwned returned owned, for an object
// built later: its bytes are overwritten then, so neither data nor
// anything cut from it may be used after.
func (s *Store) Recycle(data []byte) { s.bufs.put(data) }

// lookup is locate, guarded: an index cut short under its mapping is not
// found, not a crash.
func (s *Store) lookup(oid []byte) (p *pack, off uint64, ok bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			p, off, ok = nil, 0, false
		}
	}()
	return s.locate(oid)
}

// readPacked builds the object at off in p: down its delta chain to a
// whole object (or one in the cache), then back up, applying each delta
// and caching each result, for the next version of the file. owned says
// the cache did not keep data: the caller alone holds it. What the chain
// built on the way and the cache did not keep goes back to s.bufs.
func (s *Store) readPacked(p *pack, off uint64) (typ int, data []byte, owned bool, err error) {
	// A pack is mapped: a file cut short under us faults on access.
	// Turn that into an error rather than a crash.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	type link struct {
		key     cacheKey
		e       entry
		claimed bool // ours to finish in the cache
	}
	var chain []link
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading the pack failed: %v", r)
		}
		if err != nil {
			for _, l := range chain {
				if l.claimed {
					s.cache.finish(l.key, 0, nil)
				}
			}
		}
	}()
	wait := true
	var from cacheKey // what data was built from, at each step up the chain
	for {
		k := cacheKey{p, off}
		t, d, hit, claimed := s.cache.getOrClaim(k, wait)
		if hit {
			typ, data, from = t, d, k
			break
		}
		e, err := p.entryAt(off)
		if err == nil && len(chain) == maxChain {
			err = fmt.Errorf("delta chain longer than %d at %d", maxChain, off)
		}
		chain = append(chain, link{key: k, e: e, claimed: claimed})
		if err != nil {
			return 0, nil, false, err
		}
		if e.typ == typeOfsDelta {
			off = e.baseOff
			continue
		}
		if e.typ != typeRefDelta {
			break // a whole object
		}
		bp, boff, ok := s.locate(e.baseOID)
		if !ok {
			return 0, nil, false, ErrNotFound // a thin pack's base, loose or elsewhere: left to git
		}
		p, off, wait = bp, boff, false
	}
	for i := len(chain) - 1; i >= 0; i-- {
		l := &chain[i]
		if l.e.size > uint64(s.maxSize) {
			return 0, nil, false, fmt.Errorf("%w: an entry of %d bytes", ErrTooLarge, l.e.size)
		}
		raw, err := s.inflate(l.key.pack, l.key.off, l.e)
		if err != nil {
			return 0, nil, false, err
		}
		if l.e.typ == typeOfsDelta || l.e.typ == typeRefDelta {
			built, err := applyDelta(data, raw, s.maxSize, s.bufs.get)
			if err != nil {
				return 0, nil, false, fmt.Errorf("entry at %d: %w", l.key.off, err)
			}
			s.bufs.put(raw) // the delta: no one else saw it
			if owned {
				s.bufs.put(data) // its base, which the cache did not keep
			}
			raw = built
			s.cache.noteBuilt(l.key, from)
		} else {
			typ = l.e.typ
		}
		data, from = raw, l.key
		if i == 0 {
			s.cache.noteRead(l.key)
		}
		if l.claimed {
			owned = !s.cache.finish(l.key, typ, data)
			l.claimed = false
		} else {
			owned = !s.cache.put(l.key, typ, data)
		}
	}
	if len(chain) == 0 {
		s.cache.noteRead(from)
	}
	return typ, data, owned, nil
}

// locate finds the pack entry of oid.
func (s *Store) locate(oid []byte) (*pack, uint64, bool) {
	for _, p := range s.packs {
		if off, ok := p.index.find(oid); ok {
			return p, off, true
		}
	}
	return nil, 0, false
}

// inflater is a zlib reader kept for reuse: its tables are large to set
// up.
type inflater struct{ r io.ReadCloser }

// resetter is zlib.Resetter.
type resetter interface {
	Reset(r io.Reader, dict []byte) error
}

// inflate returns the e.size bytes that the zlib stream of e, the entry at
// off, holds. The stream must end there. It is checked whole before it is
// inflated, against the index's CRC-32, once the extents of the pack are
// known (see extents), and then inflated from the mapped pack straight
// into its buffer (internal/inflate); before, by zlib's checksum, as a
// stream.
func (s *Store) inflate(p *pack, off uint64, e entry) ([]byte, error) {
	s.inflated.Add(1)
	if x := p.extents.Load(); x != nil {
		z, err := x.checked(p, off, e.dataOff)
		if err != nil {
			return nil, err
		}
		out := s.bufs.get(int(e.size))
		if err := inflate.Into(out, z); err != nil {
			s.bufs.put(out)
			return nil, fmt.Errorf("entry data at %d: %w", e.dataOff, err)
		}
		return out, nil
	}
	in, _ := s.zlibs.Get().(*inflater)
	r := p.data.stream(e.dataOff, p.size)
	var err error
	if in != nil {
		err = in.r.(resetter).Reset(r, nil)
	} else {
		in = &inflater{}
		in.r, err = zlib.NewReader(r)
	}
	if err != nil {
		return nil, fmt.Errorf("entry data at %d: %w", e.dataOff, err) // a reader that failed to start is not kept
	}
	defer s.zlibs.Put(in)
	out := s.bufs.get(int(e.size))
	if err := fillToEnd(in.r, out); err != nil {
		return nil, fmt.Errorf("entry data at %d: %w", e.dataOff, err)
	}
	return out, nil
}

// fillToEnd fills out from zr and then reads zr's end, which checks the
// stream's checksum: a stream must hold exactly what its header said.
func fillToEnd(zr io.Reader, out []byte) error {
	if _, err := io.ReadFull(zr, out); err != nil {
		return noEOF(err)
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("longer than its header says")
		}
		return err
	}
	return nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

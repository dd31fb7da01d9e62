package rules

import (
	"sort"
	"strings"
)

// Options tune a Detector. The zero value is the default detector.
type Options struct {
	// ContextWords are extra words that count as CUDO context, such as an
	// internal name for the CUDO account ("gpucloud"). Case is ignored.
	ContextWords []string
	// Placeholders are extra values never reported as keys: an exact secret,
	// or a substring of a prefixed key's body.
	Placeholders []string
	// MinConfidence drops matches below it. Zero means medium.
	MinConfidence Confidence
	// DecodeDepth is how many layers of encoding (base64, hex,
	// percent-encoding, \u and \x escapes) are decoded to find keys inside
	// encoded values. Zero means DefaultDecodeDepth; a negative value turns
	// decoding off.
	DecodeDepth int
}

// Hint tells the core what it cannot see in the buffer itself.
type Hint struct {
	// Path is the file's slash-separated path. Its name is context: a
	// cudo.yml holds keys, a go.sum holds only digests.
	Path string
	// FileMentionsCudo is set by drivers that feed a file in chunks when an
	// earlier chunk mentioned CUDO.
	FileMentionsCudo bool
	// FileMentionUnknown is set by drivers that scan the parts of a file
	// in parallel and learn only at the end whether another part mentions
	// CUDO. When src itself does not, the matches that need a mention
	// elsewhere in the file come back with Match.NeedsFileMention set, for
	// the driver to keep or drop once it knows: one pass, no rescan.
	FileMentionUnknown bool
}

// Detector finds CUDO credentials and malformed Authorization headers. It
// is immutable and safe for concurrent use.
type Detector struct {
	opts         Options
	extra        []string // lowercase context words
	placeholders map[string]bool
	decodeDepth  int // layers of encoding decoded; 0: none
}

// New returns a Detector with the given options.
func New(opts Options) *Detector {
	d := &Detector{opts: opts, placeholders: map[string]bool{}}
	for _, w := range opts.ContextWords {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
			d.extra = append(d.extra, w)
		}
	}
	for _, p := range opts.Placeholders {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
			d.placeholders[p] = true
		}
	}
	if d.opts.MinConfidence == 0 {
		d.opts.MinConfidence = ConfidenceMedium
	}
	switch {
	case opts.DecodeDepth == 0:
		d.decodeDepth = DefaultDecodeDepth
	case opts.DecodeDepth > 0:
		d.decodeDepth = opts.DecodeDepth
	}
	return d
}

// Default is the detector with default options.
var Default = New(Options{})

// Find returns the matches in src, ordered by offset.
func (d *Detector) Find(src []byte, hint Hint) []Match {
	ms, _ := d.FindChunk(src, hint)
	return ms
}

// FindChunk is Find for drivers that feed a file in chunks: it also reports
// whether src mentions CUDO, so that the driver can set
// Hint.FileMentionsCudo for the chunks that follow.
func (d *Detector) FindChunk(src []byte, hint Hint) (ms []Match, mentionsCudo bool) {
	ms, m := d.find(src, hint, d.decodeDepth, nil)
	kept := ms[:0]
	for _, x := range ms {
		if x.Confidence >= d.opts.MinConfidence && (x.Secret == "" || !d.placeholders[strings.ToLower(x.Secret)]) {
			kept = append(kept, x)
		}
	}
	ms = applyDirectives(src, m.directives, kept)
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].RuleID < ms[j].RuleID
	})
	return ms, len(m.all) > 0
}

// find runs the rules on src, then on the values encoded in src[r] for r
// in regions (all of src when nil), down to depth layers of encoding.
func (d *Detector) find(src []byte, hint Hint, depth int, regions []span) ([]Match, mentions) {
	// One pass finds the mentions, every "ck_" and, where keys are sought
	// encoded in the whole buffer, the long words they would be in, whose
	// values are decoded at once: scanPatterns.
	// The mentions and the Context over them escape (the rules are func
	// values): one allocation for both.
	st := &struct {
		m mentions
		c Context
	}{m: newMentions(hint.Path)}
	m, c := &st.m, &st.c
	c.m = m
	decode := depth > 0 && !isChecksumFile(hint.Path)
	var enc []encoded
	var word func(lo, hi int, class uint8)
	if decode && regions == nil {
		word = func(lo, hi int, class uint8) {
			forEachEncodedIn(src, lo, hi, class, func(e encoded) bool {
				enc = worthKeeping(enc, e, depth)
				return true
			})
		}
	}
	scanPatterns(src, func(p int) { m.addCudo(src, p) }, func(p int) { m.ck = append(m.ck, p) }, word)
	m.finish(src, d.extra)
	m.fileMention = hint.FileMentionsCudo
	if hint.FileMentionUnknown && !m.fileLevel() {
		m.fileMention, m.fileMentionAssumed = true, true
	}
	rules := catalog()
	var ms []Match
	for _, r := range rules {
		if r.Find != nil && !r.NeedsContext {
			ms = r.Find(d, src, hint, c, ms)
		}
	}
	// What is a secret without any mention (a saved ApiKey record).
	var alone []Match
	if !m.any() {
		for _, r := range rules {
			if r.FindAlone != nil {
				alone = r.FindAlone(d, src, hint, c, alone)
			}
		}
	}
	if m.fileLevel() {
		n := len(ms)
		for _, r := range rules {
			if r.Find != nil && r.NeedsContext {
				ms = r.Find(d, src, hint, c, ms)
			}
		}
		for i := n; m.fileMentionAssumed && i < len(ms); i++ {
			ms[i].NeedsFileMention = !startsAt(alone, ms[i].Start)
		}
	} else {
		ms = append(ms, alone...)
	}
	// A lockfile's base64 and hex are digests (integrity: sha512-...):
	// keys are not sought there, encoded or not.
	if decode {
		if regions != nil {
			enc = encodedIn(src, regions, depth)
		}
		ms = d.findEncoded(src, hint, m, depth, enc, ms)
	}
	return ms, *m
}

// startsAt reports whether one of ms starts at offset start.
func startsAt(ms []Match, start int) bool {
	for _, x := range ms {
		if x.Start == start {
			return true
		}
	}
	return false
}

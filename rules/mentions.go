package rules

import (
	"bytes"
	"sort"
	"strings"
)

// mentions indexes where a buffer talks about CUDO. Every rule needs CUDO
// context, so the index is built once per buffer, and a buffer with no
// mention at all skips the context-dependent rules entirely: the common case
// in any tree that is not a CUDO project costs one vectorised pass
// (scanPatterns), which finds "ck_" and the long words of encoded values
// too.
type mentions struct {
	all    []int // start offsets of every CUDO mention
	hosts  []int // mentions that are CUDO API or console hosts
	blocks []int // mentions that open a CUDO section: provider "cudo", type: cudo, [cudo], cudo:

	pathMention bool // the file's path mentions CUDO
	pathBlock   bool // the file is a cudoctl config (cudo.yml, .config/cudo/...)
	fileMention bool // another part of the file, outside this buffer, mentions CUDO
	// fileMentionAssumed: fileMention is a guess (Hint.FileMentionUnknown),
	// and what depends on it is returned as Match.NeedsFileMention.
	fileMentionAssumed bool

	directives []int // offsets of cudoscan:allow directives

	// ck holds the offsets of every "ck_" in the buffer, for the prefixed
	// rule: the detector's one pass (scanPatterns) finds them with the
	// mentions. findMentions leaves it empty.
	ck []int
}

// fileLevel reports whether anything in the file or its path mentions CUDO.
func (m *mentions) fileLevel() bool { return m.any() || m.fileMention }

// any reports whether the buffer or its path mentions CUDO at all.
func (m *mentions) any() bool { return len(m.all) > 0 || m.pathMention }

// near reports whether a mention starts in [lo, hi).
func (m *mentions) near(lo, hi int) bool { return inRange(m.all, lo, hi) || m.pathMention }

// hostNear reports whether a CUDO host is mentioned in [lo, hi).
func (m *mentions) hostNear(lo, hi int) bool { return inRange(m.hosts, lo, hi) }

// blockNear reports whether a CUDO section opens in [lo, hi) or the whole
// file is a CUDO config file.
func (m *mentions) blockNear(lo, hi int) bool { return inRange(m.blocks, lo, hi) || m.pathBlock }

// reach returns the parts of a buffer of n bytes where a word must start
// for a CUDO mention to lie in its context window (around): merged, in
// order. A path that mentions CUDO puts the whole buffer in reach.
func (m *mentions) reach(n int) []window {
	if m.pathMention {
		return []window{{0, n}}
	}
	var out []window
	for _, p := range m.all {
		w := window{max(0, p-windowAfter-wordReach), min(n, p+windowBefore+wordReach)}
		if k := len(out); k > 0 && w.lo <= out[k-1].hi {
			out[k-1].hi = max(out[k-1].hi, w.hi)
			continue
		}
		out = append(out, w)
	}
	return out
}

// wordReach covers the length of the words searched near mentions
// ("authorization"), whose windows are measured from their ends.
const wordReach = 16

func inRange(sorted []int, lo, hi int) bool {
	i := sort.SearchInts(sorted, lo)
	return i < len(sorted) && sorted[i] < hi
}

// findMentions builds the mention index of src. extra are additional
// context words (lowercase) configured by the user.
func findMentions(src []byte, path string, extra []string) mentions {
	m := newMentions(path)
	forEachCudo(src, func(p int) { m.addCudo(src, p) })
	m.finish(src, extra)
	return m
}

// newMentions starts the mention index of a buffer of the file at path:
// addCudo for every "cudo" in it, then finish.
func newMentions(path string) mentions {
	var m mentions
	m.pathMention, m.pathBlock = pathContext(path)
	return m
}

// addCudo indexes the "cudo" (any case) at p in src, if it is a mention.
func (m *mentions) addCudo(src []byte, p int) {
	if !isCudoWordStart(src, p) {
		return
	}
	if isOwnToolName(src[p:]) {
		if bytes.HasPrefix(src[p:], []byte(directiveText)) {
			m.directives = append(m.directives, p)
		}
		return
	}
	m.all = append(m.all, p)
	if isCudoHost(src, p) {
		m.hosts = append(m.hosts, p)
	}
	if opensCudoBlock(src, p) {
		m.blocks = append(m.blocks, p)
	}
}

// finish adds the mentions of the extra context words (lowercase) in src
// and puts the index in order.
func (m *mentions) finish(src []byte, extra []string) {
	for _, w := range extra {
		for _, variant := range foldVariants(w) {
			for i := 0; ; {
				j := bytes.Index(src[i:], []byte(variant))
				if j < 0 {
					break
				}
				m.all = append(m.all, i+j)
				i += j + len(variant)
			}
		}
	}
	sort.Ints(m.all)
	sort.Ints(m.hosts)
	sort.Ints(m.blocks)
	sort.Ints(m.directives)
}

// foldVariants lists the spellings of a context word that are searched for:
// as configured, lower, upper and title case.
func foldVariants(w string) []string {
	vs := []string{w}
	for _, v := range []string{strings.ToLower(w), strings.ToUpper(w), strings.ToUpper(w[:1]) + strings.ToLower(w[1:])} {
		dup := false
		for _, have := range vs {
			dup = dup || have == v
		}
		if !dup {
			vs = append(vs, v)
		}
	}
	return vs
}

// hasCudoFold reports whether s holds "cudo" in any case. Only ASCII
// letters fold to c, u, d and o, so the test is byte by byte.
func hasCudoFold(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 == 'c' && s[i+1]|0x20 == 'u' && s[i+2]|0x20 == 'd' && s[i+3]|0x20 == 'o' {
			return true
		}
	}
	return false
}

// isCudoWordStart reports whether the c at p starts a word: "escudo" and the
// "CuDO" inside a base64 blob are not mentions, while "CUDO_API_KEY",
// "getCudoKey" and "rest.compute.cudo.org" are.
func isCudoWordStart(src []byte, p int) bool {
	if p == 0 {
		return true
	}
	prev := src[p-1]
	if !isLetter(prev) {
		return true
	}
	// A camelCase boundary: lowercase letter, then capital C.
	return src[p] == 'C' && prev >= 'a' && prev <= 'z'
}

// isOwnToolName reports whether the mention is this tool's own name.
// cudoscan's config, hooks and docs must not make a file CUDO context.
func isOwnToolName(b []byte) bool {
	return hasPrefixFold(b, "cudoscan") || hasPrefixFold(b, "cudovet")
}

// isCudoHost reports whether the mention at p is part of a CUDO host name:
// *.compute.cudo.org or cudocompute.com.
func isCudoHost(src []byte, p int) bool {
	rest := src[p:]
	if hasPrefixFold(rest, "cudocompute.com") {
		return true
	}
	if !hasPrefixFold(rest, "cudo.org") {
		return false
	}
	return p >= 8 && hasPrefixFold(src[p-8:], "compute.")
}

// opensCudoBlock reports whether the mention at p is the word "cudo" alone
// used as a section or provider name: provider "cudo", type: cudo,
// [cudo], cudo:, "cudo": {.
func opensCudoBlock(src []byte, p int) bool {
	end := p + 4
	if end < len(src) && isIdentByte(src[end]) {
		return false
	}
	// Followed by a mapping or section delimiter.
	for i := end; i < len(src) && i < end+3; i++ {
		switch src[i] {
		case '"', '\'', ' ', '\t':
			continue
		case ':', '{', ']', '=':
			return true
		}
		break
	}
	// Preceded by a word that names a provider or backend type.
	prev := lastIdent(src[max(0, p-24):p])
	switch strings.ToLower(prev) {
	case "provider", "type", "backend", "cloud", "providers", "backends":
		return true
	}
	return false
}

// pathContext classifies a file path: does it mention CUDO, and is it a
// cudoctl config file (whose every key entry is a CUDO key)?
func pathContext(path string) (mention, block bool) {
	if !hasCudoFold(path) {
		return false, false // nearly every path: no lowercase copy to make
	}
	lower := strings.ToLower(path)
	for i := 0; ; {
		j := strings.Index(lower[i:], "cudo")
		if j < 0 {
			break
		}
		p := i + j
		i = p + 4
		if (p == 0 || !isLetter(lower[p-1])) && !isOwnToolName([]byte(lower[p:])) {
			mention = true
		}
	}
	base := lower[strings.LastIndexByte(lower, '/')+1:]
	block = base == "cudo.yml" || base == "cudo.yaml" || strings.HasPrefix(lower, "cudo/") || strings.Contains(lower, "/cudo/")
	return mention, block
}

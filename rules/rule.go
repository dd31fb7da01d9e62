package rules

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// Rule is one rule, whole: its identity and documentation, what it needs
// to run, how it finds, what its secret is and how code scanning should
// rank it. A rule lives in its own file, which registers it (Register, from
// init); the detector, `cudoscan rules`, SARIF, --verify and the README's
// table all read it from the catalog, so adding a rule touches only its own
// files: its code, docs/<ID>.txt and its examples in examples.txtar.
type Rule struct {
	ID       string
	Title    string
	Severity Severity // the usual severity; some kinds of a rule differ
	// Summary is one line; Description explains what the rule finds, why it
	// matters and how to fix it (docs/<ID>.txt when empty).
	Summary     string
	Description string
	// Examples prove the rule: each positive one must match, each negative
	// one must not (examples.txtar when empty).
	Examples []Example

	// NeedsContext: Find runs only in CUDO context (a file that mentions
	// CUDO, by name, host, variable or path). A rule whose secret has a
	// shape of its own (ck_live_...) runs everywhere.
	NeedsContext bool
	// Find appends the rule's matches in src to out; nil for a rule the
	// detector applies itself (directives).
	Find Finder
	// FindAlone, when set, finds the shapes of the rule that are its
	// secret even where nothing mentions CUDO (a saved POST /v1/api-keys
	// answer). It runs only in files with no mention at all.
	FindAlone Finder
	// Order places the rule's finders among the others' (lower first): a
	// later rule may rely on what an earlier one found.
	Order int

	// Verifiable: the rule's secrets are CUDO API keys, which --verify may
	// send to the API. No other secret is ever sent anywhere.
	Verifiable bool
	// SecretShape says what the rule's secret looks like ("64 hex
	// digits"), for the docs; "" for a rule that finds no secret.
	SecretShape string

	// SARIF: the rule's tags, precision and security-severity ("" for a
	// rule about correctness, not a secret).
	Tags             []string
	Precision        string
	SecuritySeverity string
}

// Finder finds a rule's matches in src. ctx says where src mentions CUDO.
type Finder func(d *Detector, src []byte, hint Hint, ctx *Context, out []Match) []Match

// Context is what a finder may ask about the CUDO mentions of its input.
type Context struct{ m *mentions }

// Near reports whether CUDO is mentioned close enough to src[lo:hi] to be
// its context.
func (c *Context) Near(lo, hi int) bool { return c.m.near(lo, hi) }

// FileMentionsCudo reports whether the file as a whole is in CUDO context.
func (c *Context) FileMentionsCudo() bool { return c.m.fileLevel() }

var (
	registryMu sync.Mutex // serialises Register
	// registry is the catalog in finder order. Register replaces it whole
	// (copy on write), so a detector reads it without a lock on every
	// file; package variables such as Default are made before the rules'
	// init functions run, which is why detectors read it when they find,
	// not when they are made.
	registry atomic.Pointer[[]Rule]
)

// Register adds a rule to the catalog. The built-in rules register from
// their files' init; a program that embeds the core may add its own, before
// it scans. An ID registered twice is a programming error.
func Register(r Rule) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if r.ID == "" || r.Title == "" || r.Summary == "" {
		panic("rules: a rule needs an ID, a title and a summary")
	}
	rs := registered()
	for _, x := range rs {
		if x.ID == r.ID {
			panic(fmt.Sprintf("rules: rule %s registered twice", r.ID))
		}
	}
	rs = append(rs, r)
	slices.SortStableFunc(rs, func(a, b Rule) int { return a.Order - b.Order })
	registry.Store(&rs)
}

// catalog returns the catalog, in finder order; callers must not modify it.
func catalog() []Rule {
	if p := registry.Load(); p != nil {
		return *p
	}
	return nil
}

// registered returns a copy of the catalog, in finder order.
func registered() []Rule { return slices.Clone(catalog()) }

// Verifiable reports whether --verify may send the secrets of rule id to
// the CUDO API: only CUDO API keys are.
func Verifiable(id string) bool {
	for _, r := range catalog() {
		if r.ID == id {
			return r.Verifiable
		}
	}
	return false
}

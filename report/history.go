package report

import (
	"fmt"
	"strings"

	"github.com/cudoscan/cudoscan/finding"
)

// The history mode reports one finding per leak, with its story
// (finding.History). Every format tells it: text in one line under the
// finding, JSON and SARIF in full (every occurrence and ref), GitHub
// annotations in their message.

// historyLine is the story of a leak in one line: where it came in, where
// it went out or that HEAD still has it, and how far it spread.
func historyLine(f finding.Finding) string {
	h := f.History
	var b strings.Builder
	if c := f.Commit; c != nil {
		fmt.Fprintf(&b, "introduced in commit %s by %s on %s", shortHash(c.Hash), c.Author, c.Date)
	}
	switch {
	case h.Present:
		b.WriteString("; still in HEAD")
	case h.Removed != nil:
		fmt.Fprintf(&b, "; removed in commit %s on %s (still in the history)", shortHash(h.Removed.Hash), h.Removed.Date)
	}
	fmt.Fprintf(&b, "; %s", plural(len(h.Occurrences), "version"))
	if len(h.Refs) > 0 {
		fmt.Fprintf(&b, ", reachable from %s", refList(h.Refs))
	}
	return b.String()
}

// refList names up to three refs, and counts the rest.
func refList(refs []string) string {
	const shown = 3
	if len(refs) <= shown {
		return strings.Join(refs, ", ")
	}
	return fmt.Sprintf("%s and %d more refs", strings.Join(refs[:shown], ", "), len(refs)-shown)
}

// leakSummary is the history summary's account of the leaks, grouped by
// secret: "3 distinct keys leaked in 4 places; 1 still in HEAD". "" when
// the findings are not grouped (--all-occurrences) or hold no key.
func leakSummary(r *Report) string {
	keys, present := map[string]bool{}, map[string]bool{}
	places := 0
	for _, f := range r.Findings {
		if f.Suppressed || f.Secret == "" || f.History == nil {
			continue
		}
		keys[f.Secret] = true
		places++
		if f.History.Present {
			present[f.Secret] = true
		}
	}
	if len(keys) == 0 {
		return ""
	}
	distinct := plural(len(keys), "distinct key")
	return fmt.Sprintf("%s leaked in %s; %d still in HEAD", distinct, plural(places, "place"), len(present))
}

// jsonOccurrence is one version of a leak in JSON.
type jsonOccurrence struct {
	Commit *jsonCommit `json:"commit,omitempty"`
	Line   int         `json:"line"`
	Column int         `json:"column"`
}

func toJSONCommit(c *finding.Commit) *jsonCommit {
	if c == nil {
		return nil
	}
	return &jsonCommit{Hash: c.Hash, Author: c.Author, Email: c.Email, Date: c.Date}
}

// addJSONHistory sets the history fields of a JSON finding.
func addJSONHistory(j *jsonFinding, h *finding.History) {
	if h == nil {
		return
	}
	present := h.Present
	j.Present = &present
	j.Removed = toJSONCommit(h.Removed)
	j.Refs = append([]string{}, h.Refs...)
	j.Occurrences = []jsonOccurrence{}
	for _, o := range h.Occurrences {
		j.Occurrences = append(j.Occurrences, jsonOccurrence{Commit: toJSONCommit(o.Commit), Line: o.Line, Column: o.Column})
	}
}

package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/cudoscan/cudoscan/finding"
)

// verdictLine says in one line what --verify learnt about a key.
func verdictLine(v finding.Verdict, p palette) string {
	var what string
	switch v.Status {
	case finding.StatusLive:
		what = p.err.Sprint("verified LIVE") + ": revoke this key now"
	case finding.StatusPossiblyLive:
		// Not proven live (see finding.StatusPossiblyLive), but fail safe.
		what = p.err.Sprint("possibly LIVE") + " (the API refused this key for /v1/auth): revoke it to be safe"
	case finding.StatusInvalid:
		what = "verified invalid: CUDO rejects this key (wrong or already revoked)"
	default:
		what = p.warn.Sprint("verification unknown") + ": treat the key as possibly live"
	}
	var facts []string
	if v.HTTPStatus != 0 {
		facts = append(facts, fmt.Sprintf("HTTP %d", v.HTTPStatus))
	}
	facts = append(facts, plural(v.Attempts, "attempt"))
	if v.Detail != "" && v.Status == finding.StatusUnknown {
		facts = append(facts, v.Detail) // why there is no answer
	}
	return what + " (" + strings.Join(facts, ", ") + ")"
}

// jsonVerification is the "verification" object of a JSON finding.
type jsonVerification struct {
	Status     finding.Status `json:"status"`
	HTTPStatus int            `json:"http_status"`
	Attempts   int            `json:"attempts"`
	Detail     string         `json:"detail,omitempty"`
}

func toJSONVerification(v finding.Verdict) *jsonVerification {
	return &jsonVerification{Status: v.Status, HTTPStatus: v.HTTPStatus, Attempts: v.Attempts, Detail: v.Detail}
}

// writeRevokeAdvice tells what to do about live keys, once per run.
func writeRevokeAdvice(w io.Writer, r *Report, p palette) {
	live, possibly := r.LiveCounts()
	var parts []string
	if live > 0 {
		parts = append(parts, plural(live, "key")+" verified live")
	}
	if possibly > 0 {
		// Not proven live, so not called so: "revoke to be safe".
		parts = append(parts, plural(possibly, "key")+" possibly live")
	}
	if len(parts) == 0 {
		return
	}
	fmt.Fprintf(w, "%s\n%s\n", p.err.Sprintf("%s: revoke now.", strings.Join(parts, ", ")), RevokeAdvice())
}

// VerdictText says in one uncolored line what verification learnt.
func VerdictText(v finding.Verdict) string { return verdictLine(v, newPalette(false)) }

package rules

import "sort"

// Rule documents one rule. The same text drives `cudoscan rules`, the SARIF
// rule metadata and the README, so it is written once, here.
type Rule struct {
	ID       string
	Title    string
	Severity Severity // the usual severity; some kinds of a rule differ
	// Summary is one line; Description explains what the rule finds, why it
	// matters and how to fix it.
	Summary     string
	Description string
	// Examples prove the rule: each positive one must match, each negative
	// one must not. They come from examples.txtar.
	Examples []Example
}

var catalog = []Rule{
	{
		ID: RuleAPIKey, Title: "Hard-coded CUDO API key", Severity: SeverityError,
		Summary: "A 64-hex CUDO Compute API key with CUDO context.",
		Description: `CUDO Compute API keys are 64 lowercase hex characters (32 random bytes),
with no prefix. A SHA-256 digest has the same shape, so a 64-hex string is
reported only with CUDO context:

  high confidence    the value is assigned to a CUDO key name (CUDO_API_KEY,
                     cudoApiKey, TF_TEST_CUDO_API_KEY...), sits in a
                     provider "cudo" block, a dstack "type: cudo" backend or a
                     cudoctl cudo.yml, is sent as "Bearer <key>" next to a CUDO
                     host, or its line names CUDO;
  medium confidence  a generic key name (api_key, token) with CUDO named
                     within about a kilobyte, a Bearer token or a helper such
                     as BearerToken("<key>") in a file that mentions CUDO.

Never reported: checksums (sha256sum output, sha256:<hex> digests,
checksum/digest/hash/sha names, lockfiles), git object ids, keys of other
services (GITHUB_TOKEN), regular fillers (0000..., abab...).

A leaked key lets anyone run machines on the owner's bill. Revoke it at
https://compute.cudo.org/profile/api-keys, create a new one, and load it
from the CUDO_API_KEY environment variable or a secret store. Rewriting git
history does not un-leak a key that was pushed.`,
	},
	{
		ID: RuleAPIKeyPrefixed, Title: "Hard-coded prefixed CUDO API key", Severity: SeverityError,
		Summary: "A ck_live_ or ck_test_ token that is not a placeholder.",
		Description: `CUDO's documentation shows a key as ck_live_XXXXXXXXXXXXXXXX once. That is
most likely a placeholder, but a prefixed key format may come, so tokens
starting ck_live_ or ck_test_ with a random-looking body are reported: high
confidence when CUDO is named nearby, medium otherwise. Placeholders (X runs,
"your_key_here", 123456..., too little entropy) are not.`,
	},
	{
		ID: RuleAuthHeader, Title: "Malformed CUDO Authorization header", Severity: SeverityError,
		Summary: "An Authorization header CUDO will answer with 401 or 400.",
		Description: `CUDO authenticates every request with exactly "Authorization: Bearer <key>".
In CUDO context (CUDO is named nearby), these forms are reported:

  no-scheme         Authorization: <key>, Authorization: $CUDO_API_KEY
  wrong-scheme      Token <key>, Basic <key>, Api-Key <key>
  missing-space     Bearer<key>, "Bearer" + key, Sprintf("Bearer%s", key)
  double-space      Bearer  <key>
  double-scheme     Bearer Bearer <key>
  quoted-key        Bearer "<key>"
  whitespace        "Bearer <key>\n": a key read from a file and not trimmed
  header-name       Authorisation, X-Api-Key, X-Auth-Token sent to a CUDO host
  lowercase-scheme  bearer <key> (a warning: servers accept it)

Each of these but the last makes CUDO answer 401 (or 400) with a key that is
otherwise valid.`,
	},
	{
		ID: RuleActionsVar, Title: "CUDO key in a plain GitHub Actions variable", Severity: SeverityWarning,
		Summary: "${{ vars.CUDO_API_KEY }}: the key is stored as a variable, not a secret.",
		Description: `GitHub Actions configuration variables are plain text: they are not masked
in logs and anyone who can read the repository settings can read them. A
workflow that reads a CUDO key from vars.CUDO_API_KEY (or any CUDO key name
under vars.) stores the key there. Move it to an Actions secret and read
${{ secrets.CUDO_API_KEY }}; treat the old value as leaked and rotate it.`,
	},
	{
		ID: RuleDirective, Title: "Problem with a cudoscan:allow directive", Severity: SeverityWarning,
		Summary: "A suppression without a reason, or one that suppresses nothing.",
		Description: `"cudoscan:allow <reason>" in a comment suppresses the findings on its line and
the next. The reason is required: a directive without one suppresses nothing
and is reported as an error. A directive that covers no finding is reported
as a warning, so stale suppressions get cleaned up.`,
	},
}

// All returns every rule, ordered by ID.
func All() []Rule {
	rs := make([]Rule, len(catalog))
	copy(rs, catalog)
	ex := examplesByRule()
	for i := range rs {
		rs[i].Examples = ex[rs[i].ID]
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	return rs
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

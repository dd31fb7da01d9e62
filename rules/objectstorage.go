package rules

import (
	"path"
	"strings"
)

// RuleObjectStorageKey is the ID of the rule this file implements.
const RuleObjectStorageKey = "cudo-object-storage-key"

// Kinds of cudo-object-storage-key.
const (
	KindS3AccessKey    = "access-key"
	KindS3SecretKey    = "secret-key"
	KindS3SessionToken = "session-token"
)

// CUDO's object storage speaks S3: an object-storage user has an access key
// and a secret key (GenerateObjectStorageKey in CUDO's OpenAPI spec), and
// the API hands out temporary session credentials (access key, secret key,
// session token). Clients keep them where any S3 client does: .s3cfg,
// ~/.aws/credentials, rclone.conf, AWS_* or CUDO_S3_* variables, boto3
// arguments. CUDO's docs do not give the endpoint's host name (the console
// shows it per bucket), so the rule keys on CUDO context: it runs only in
// files that mention CUDO, and is sure of a value whose name says CUDO or
// that a CUDO mention is near.

// objectStorageAnchors find the names of S3 credentials by how their key
// or token part is written: after an underscore (access_key, aws_secret_
// access_key, session_token), or capitalised (accessKey, SessionToken,
// ACCESS_KEY). The capital K is rare in prose, and "_" in anything but
// code (one search finds both _key and _token), so a file pays for three
// vectorised searches. A capitalised token is found by "oken" in any case:
// a capital T starts every ISO timestamp of a log.
var objectStorageAnchors = []anchor{exactAnchor("_"), exactAnchor("K"), foldAnchor("oken")}

// objectStorageName accepts an anchor that is the key or token word of a
// name.
func objectStorageName(src []byte) func(pos int, anchor string) (int, int, bool) {
	return func(pos int, anchor string) (int, int, bool) {
		switch anchor {
		case "_":
			rest := src[pos+1:]
			switch {
			case len(rest) >= 3 && string(rest[:3]) == "key":
				return pos + 1, pos + 4, true
			case len(rest) >= 5 && string(rest[:5]) == "token":
				return pos + 1, pos + 6, true
			}
			return 0, 0, false
		case "K":
			return wordAt(src, pos, 0, "key")
		}
		if pos == 0 || src[pos-1] != 'T' {
			return 0, 0, false // "_" finds the lowercase word
		}
		return wordAt(src, pos, 1, "token")
	}
}

func (d *Detector) findObjectStorageKeys(src []byte, hint Hint, c *Context, out []Match) []Match {
	if !hasWordRun31(src) {
		return out // no secret key or session token can be here: the common case
	}
	s3File := isS3ConfigPath(hint.Path)
	assignmentsAt(src, objectStorageAnchors, objectStorageName(src), func(a assignment) {
		name := strings.ToLower(string(a.name))
		v := src[a.start:a.end]
		kind := ""
		switch {
		case strings.Contains(name, "api"):
			return // an API key's name (cudo_api_access_key): the API key rule's
		case strings.Contains(name, "secret"):
			if isS3Secret(v) {
				kind = KindS3SecretKey
			}
		case strings.Contains(name, "session") && strings.Contains(name, "token"):
			if isS3SessionToken(v) {
				kind = KindS3SessionToken
			}
		case strings.Contains(name, "access"):
			if isS3AccessKey(v) {
				kind = KindS3AccessKey
			}
		}
		if kind == "" || looksPlaceholder(v) || d.placeholders[strings.ToLower(string(v))] {
			return
		}
		conf := ConfidenceMedium
		if strings.Contains(name, "cudo") || c.Near(a.start, a.end) || s3File {
			conf = ConfidenceHigh
		}
		sev, what := SeverityError, "secret key"
		switch kind {
		case KindS3AccessKey:
			// An access key names the user; alone it grants nothing, but
			// its secret is usually beside it.
			sev, what = SeverityWarning, "access key"
		case KindS3SessionToken:
			what = "session token"
		}
		out = append(out, Match{RuleID: RuleObjectStorageKey, Kind: kind, Severity: sev, Confidence: conf,
			Start: a.start, End: a.end, Secret: string(v),
			Message: "hard-coded CUDO object-storage " + what + " in " + string(a.name) +
				": rotate the object-storage user's keys in the CUDO console and load them from the environment or a secret store"})
	})
	return out
}

// hasWordRun31 reports whether src holds a run of 31 or more word bytes
// (letters, digits, base64's punctuation), as every S3 secret key and
// session token is. Such a run covers a whole 16-byte block aligned on 16,
// so only those blocks are tested, two loads each (breaksWords): prose and
// most code fail in every block, and the rule's costlier search for names
// never runs on them.
func hasWordRun31(src []byte) bool {
	for q := 0; q+16 <= len(src); q += 16 {
		if !breaksWords(src[q : q+16 : q+16]) {
			start := q
			for start > 0 && wordClass[src[start-1]] != 0 {
				start--
			}
			if end, _ := wordEnd(src, q); end-start >= 31 {
				return true
			}
		}
	}
	return false
}

// isS3ConfigPath reports the files S3 clients keep credentials in.
func isS3ConfigPath(p string) bool {
	base := path.Base(p)
	return base == ".s3cfg" || base == "s3cfg" || base == "rclone.conf" || base == ".boto" ||
		(base == "credentials" && strings.Contains(p, ".aws"))
}

// isS3AccessKey: 16 to 128 upper-case letters and digits, both present (as
// RGW and AWS make them).
func isS3AccessKey(v []byte) bool {
	if len(v) < 16 || len(v) > 128 {
		return false
	}
	letters, digits := false, false
	for _, c := range v {
		switch {
		case c >= 'A' && c <= 'Z':
			letters = true
		case isDigit(c):
			digits = true
		default:
			return false
		}
	}
	return letters && digits && distinctBytes(v) >= 8
}

// isS3Secret: 30 to 128 bytes of base64-like text, letters and digits both
// present, and varied enough to be random.
func isS3Secret(v []byte) bool {
	return len(v) >= 30 && len(v) <= 128 && isTokenText(v) && distinctBytes(v) >= 15
}

// isS3SessionToken: a long base64 blob.
func isS3SessionToken(v []byte) bool {
	return len(v) >= 100 && len(v) <= 4096 && isTokenText(v) && distinctBytes(v) >= 20
}

// isTokenText reports base64 or base64url text with letters and digits.
func isTokenText(v []byte) bool {
	letters, digits := false, false
	for _, c := range v {
		switch {
		case isLetter(c):
			letters = true
		case isDigit(c):
			digits = true
		case c == '/' || c == '+' || c == '=' || c == '_' || c == '-' || c == '.':
		default:
			return false
		}
	}
	return letters && digits // "//" is base64 too; a URL fails at its ':'

}

func init() {
	Register(Rule{ID: RuleObjectStorageKey, Title: "Hard-coded CUDO object-storage key", Severity: SeverityError,
		Summary:      "An S3 secret key, session token or access key of CUDO object storage.",
		NeedsContext: true, Order: 25,
		Find: func(d *Detector, src []byte, hint Hint, c *Context, out []Match) []Match {
			return d.findObjectStorageKeys(src, hint, c, out)
		},
		SecretShape: "S3 access key, secret key or session token",
		Tags:        []string{"security", "secrets", "cudo"}, Precision: "medium", SecuritySeverity: "8.0",
	})
}

package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/rules"
)

// jsonReport is the --format json document. Field names are a contract.
type jsonReport struct {
	Version  string        `json:"version"`
	Mode     string        `json:"mode"`
	Findings []jsonFinding `json:"findings"`
	Stats    jsonStats     `json:"stats"`
}

type jsonFinding struct {
	Rule           string           `json:"rule"`
	Kind           string           `json:"kind,omitempty"`
	Severity       rules.Severity   `json:"severity"`
	Confidence     rules.Confidence `json:"confidence"`
	Message        string           `json:"message"`
	Root           string           `json:"root,omitempty"`
	Path           string           `json:"path"`
	Line           int              `json:"line"`
	Column         int              `json:"column"`
	EndLine        int              `json:"end_line"`
	EndColumn      int              `json:"end_column"`
	Redacted       string           `json:"redacted,omitempty"`
	SecretSHA256   string           `json:"secret_sha256,omitempty"`
	MatchSHA256    string           `json:"match_sha256,omitempty"`
	Encoding       string           `json:"encoding,omitempty"`
	Secret         string           `json:"secret,omitempty"`
	Suppressed     bool             `json:"suppressed,omitempty"`
	SuppressReason string           `json:"suppress_reason,omitempty"`
	SuppressedBy   string           `json:"suppressed_by,omitempty"`
	Commit         *jsonCommit      `json:"commit,omitempty"`
	// The history mode's story of a leak (report/history.go).
	Present      *bool             `json:"present,omitempty"`
	Removed      *jsonCommit       `json:"removed,omitempty"`
	Occurrences  []jsonOccurrence  `json:"occurrences,omitempty"`
	Refs         []string          `json:"refs,omitempty"`
	Verification *jsonVerification `json:"verification,omitempty"`
}

type jsonCommit struct {
	Hash   string `json:"hash"`
	Author string `json:"author"`
	Email  string `json:"email,omitempty"`
	Date   string `json:"date"`
}

type jsonStats struct {
	Files       int64           `json:"files"`
	Bytes       int64           `json:"bytes"`
	Excluded    int64           `json:"excluded"`
	Skipped     []jsonSkip      `json:"skipped"`
	Errors      []jsonFileError `json:"errors"`
	Seconds     float64         `json:"seconds"`
	Interrupted bool            `json:"interrupted,omitempty"`
	Incomplete  string          `json:"incomplete,omitempty"`
	Partial     string          `json:"partial,omitempty"`
}

type jsonSkip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

type jsonFileError struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// writeJSON writes the --format json document, one finding at a time:
// a million findings cost neither a copy of them all as a document nor
// encoding/json's re-indent of the whole of it. The bytes are those of
// json.Encoder with SetIndent("", "  ") over the jsonReport (a test holds
// it to that).
func writeJSON(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// value writes v as the document's indent would, at depth prefix.
	value := func(v any, prefix string) {
		buf.Reset()
		enc.SetIndent(prefix, "  ")
		if err := enc.Encode(v); err != nil {
			panic(err) // the types here always encode
		}
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("{\n  \"version\": ")
	value(opts.Version, "  ")
	bw.WriteString(",\n  \"mode\": ")
	value(r.Mode, "  ")
	bw.WriteString(",\n  \"findings\": [")
	n := 0
	forEachJSONFinding(r, opts, func(j jsonFinding) {
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		value(j, "    ")
		n++
	})
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("],\n  \"stats\": ")
	value(jsonStatsOf(r), "  ")
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// forEachJSONFinding calls fn with each finding the document lists, as
// it lists it: suppressed ones only with --list-suppressed, with the
// --verify verdict of its key.
func forEachJSONFinding(r *Report, opts Options, fn func(jsonFinding)) {
	for _, f := range r.Findings {
		if f.Suppressed && !opts.ShowSuppressed {
			continue
		}
		j := toJSON(f, opts)
		if v, ok := r.Verdict(f); ok {
			j.Verification = toJSONVerification(v)
		}
		fn(j)
	}
}

// jsonStatsOf is the report's stats as the JSON document writes them.
func jsonStatsOf(r *Report) jsonStats {
	st := jsonStats{
		Files: r.Stats.Files, Bytes: r.Stats.Bytes, Excluded: r.Stats.Excluded,
		Skipped: []jsonSkip{}, Errors: []jsonFileError{}, Seconds: r.Seconds, Interrupted: r.Interrupted,
		Incomplete: r.Incomplete, Partial: r.Partial,
	}
	for _, s := range r.Stats.Skipped {
		st.Skipped = append(st.Skipped, jsonSkip{s.Path, s.Reason})
	}
	for _, e := range r.Stats.Errors {
		st.Errors = append(st.Errors, jsonFileError{e.Path, e.Err})
	}
	return st
}

func toJSON(f finding.Finding, opts Options) jsonFinding {
	j := jsonFinding{
		Rule: f.RuleID, Kind: f.Kind, Severity: f.Severity, Confidence: f.Confidence, Message: f.Message,
		Root: f.Root, Path: f.Path, Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
		Suppressed: f.Suppressed, SuppressReason: f.SuppressReason, Encoding: f.Encoding,
	}
	if f.Secret != "" {
		j.Redacted, j.SecretSHA256 = Redact(f.Secret), SecretSHA256(f.Secret)
		if opts.ShowSecrets {
			j.Secret = f.Secret
		}
	}
	if f.Secret == "" {
		// What a baseline names a finding without a secret by.
		j.MatchSHA256 = f.MatchSHA256
	}
	if f.Suppressed {
		j.SuppressedBy = suppressedBy(f)
	}
	j.Commit = toJSONCommit(f.Commit)
	addJSONHistory(&j, f.History)
	return j
}

// suppressedBy names what suppressed a finding: "inline" (a cudoscan:allow
// directive), "baseline" or "config".
func suppressedBy(f finding.Finding) string {
	if f.SuppressedBy == finding.SuppressedInline {
		return "inline"
	}
	return f.SuppressedBy
}

package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/cudoscan/cudoscan/finding"
	"github.com/cudoscan/cudoscan/rules"
)

// The SARIF 2.1.0 log that --format sarif writes: one run, the rule catalog
// as the driver's rules, one result per finding. With --list-suppressed,
// suppressed findings are results with suppressions ("inSource" for an
// inline directive, "external" for the baseline and the config file), as
// SARIF intends. They are left out otherwise, because GitHub code
// scanning ignores suppressions and would open an alert for each. A SARIF
// file is meant to be uploaded: it never holds a secret, even with
// --show-secrets.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// InformationURI is the project's home page; rules link to their
	// section of its README.
	InformationURI = "https://github.com/cudoscan/cudoscan"
	ruleHelpURI    = InformationURI + "#what-is-reported"
	// srcRoot is the base of every relative artifact URI: the directory the
	// paths are relative to, the repository top when run from there.
	srcRoot = "%SRCROOT%"
	// FingerprintName is the partialFingerprints key of a result: a hash
	// of the rule, the path and the secret's (or matched text's) SHA-256,
	// then ":" and the occurrence of that hash in the file, as GitHub's
	// own primaryLocationLineHash. It holds no line number.
	FingerprintName = "cudoscanFindingSha256"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
	ColumnKind         string                           `json:"columnKind"`
	Properties         sarifRunProperties               `json:"properties"`
}

type sarifRunProperties struct {
	Mode    string `json:"mode"`
	Files   int64  `json:"files"`
	Bytes   int64  `json:"bytes"`
	Skipped int    `json:"skipped"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifMessage       `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision"`
	// SecuritySeverity is GitHub's 0.0-10.0 score for security alerts.
	SecuritySeverity string `json:"security-severity,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           *int               `json:"ruleIndex,omitempty"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

type sarifResultProps struct {
	Confidence   string       `json:"confidence"`
	Kind         string       `json:"kind,omitempty"`
	Encoding     string       `json:"encoding,omitempty"`
	SecretSHA256 string       `json:"secretSha256,omitempty"`
	Commit       *sarifCommit `json:"commit,omitempty"`
	// The history mode's story of a leak (report/history.go).
	Present      *bool              `json:"present,omitempty"`
	Removed      *sarifCommit       `json:"removed,omitempty"`
	Occurrences  []sarifOccurrence  `json:"occurrences,omitempty"`
	Refs         []string           `json:"refs,omitempty"`
	Verification *sarifVerification `json:"verification,omitempty"`
}

type sarifOccurrence struct {
	Commit *sarifCommit `json:"commit,omitempty"`
	Line   int          `json:"line"`
	Column int          `json:"column"`
}

type sarifCommit struct {
	Hash   string `json:"hash"`
	Author string `json:"author,omitempty"`
	Date   string `json:"date,omitempty"`
}

type sarifVerification struct {
	Status     string `json:"status"`
	Live       bool   `json:"live"`
	HTTPStatus int    `json:"httpStatus,omitempty"`
	Attempts   int    `json:"attempts"`
	Detail     string `json:"detail,omitempty"`
}

func writeSARIF(w io.Writer, r *Report, opts Options) error {
	catalog := rules.All()
	index := map[string]int{}
	driver := sarifDriver{Name: "cudoscan", InformationURI: InformationURI, Rules: []sarifRule{}}
	driver.Version, driver.SemanticVersion = sarifVersions(opts.Version)
	for i, rule := range catalog {
		index[rule.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(rule))
	}
	run := sarifRun{
		Tool:       sarifTool{Driver: driver},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
		Properties: sarifRunProperties{Mode: r.Mode, Files: r.Stats.Files, Bytes: r.Stats.Bytes, Skipped: len(r.Stats.Skipped)},
	}
	if opts.SourceRoot != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{srcRoot: {URI: dirFileURI(opts.SourceRoot)}}
	}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Stats.Errors) == 0 && !r.Interrupted}
	for _, e := range r.Stats.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "error", Message: sarifMessage{Text: "Could not read " + e.Path + ": " + e.Err + "."},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(e.Path)}}},
		})
	}
	if r.Interrupted {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "error", Message: sarifMessage{Text: "The scan was interrupted: results are partial."},
		})
	}
	run.Invocations = []sarifInvocation{inv}

	occurrences := map[string]int{}
	for _, f := range r.Findings {
		res := sarifResult{
			RuleID:    f.RuleID,
			Level:     sarifLevel(f.Severity),
			Message:   sarifMessage{Text: sarifText(r, f)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(f.DisplayPath()), Region: regionOf(f)}}},
			Properties: sarifResultProps{
				Confidence: f.Confidence.String(),
				Kind:       f.Kind,
				Encoding:   f.Encoding,
			},
		}
		if i, ok := index[f.RuleID]; ok {
			res.RuleIndex = &i
		}
		if f.Secret != "" {
			res.Properties.SecretSHA256 = SecretSHA256(f.Secret)
		}
		if fp := fingerprintBase(f); fp != "" {
			// Counted before suppressed findings are left out, so that a
			// fingerprint does not depend on --list-suppressed.
			occurrences[fp]++
			res.PartialFingerprints = map[string]string{FingerprintName: fmt.Sprintf("%s:%d", fp, occurrences[fp])}
		}
		if f.Suppressed && !opts.ShowSuppressed {
			continue
		}
		if f.Suppressed {
			s := sarifSuppression{Kind: "inSource", Status: "accepted", Justification: f.SuppressReason}
			if f.SuppressedBy != finding.SuppressedInline {
				s.Kind = "external"
			}
			res.Suppressions = []sarifSuppression{s}
		}
		res.Properties.Commit = toSARIFCommit(f.Commit)
		if h := f.History; h != nil {
			present := h.Present
			res.Properties.Present, res.Properties.Removed, res.Properties.Refs = &present, toSARIFCommit(h.Removed), h.Refs
			for _, o := range h.Occurrences {
				res.Properties.Occurrences = append(res.Properties.Occurrences, sarifOccurrence{toSARIFCommit(o.Commit), o.Line, o.Column})
			}
		}
		if v, ok := r.Verdict(f); ok {
			res.Properties.Verification = &sarifVerification{Status: string(v.Status), Live: v.Live(),
				HTTPStatus: v.HTTPStatus, Attempts: v.Attempts, Detail: v.Detail}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifRuleOf(rule rules.Rule) sarifRule {
	// Each rule says how code scanning should rank it; a rule that finds
	// no secret has no security-severity.
	props := sarifRuleProps{Tags: rule.Tags, Precision: rule.Precision, SecuritySeverity: rule.SecuritySeverity}
	return sarifRule{
		ID:                   rule.ID,
		Name:                 pascalCase(rule.Title),
		ShortDescription:     sarifMessage{Text: sentence(rule.Summary)},
		FullDescription:      sarifMessage{Text: rule.Description},
		Help:                 sarifMessage{Text: rule.Description + "\n\nRun 'cudoscan rules " + rule.ID + "' for examples; see " + ruleHelpURI + "."},
		HelpURI:              ruleHelpURI,
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
		Properties:           props,
	}
}

// sarifText is a result's message: the finding's message, the redacted
// key and the confidence, as the text output says them, as a sentence.
func sarifText(r *Report, f finding.Finding) string {
	s := f.Message + " ("
	if f.Secret != "" {
		s += "key " + Redact(f.Secret) + ", "
	}
	s += f.Confidence.String() + " confidence"
	if f.Encoding != "" {
		s += ", " + f.Encoding + "-encoded"
	}
	s += ")"
	if v, ok := r.Verdict(f); ok {
		s += "; " + VerdictText(v)
	}
	return sentence(s)
}

// sentence ends s with a period, as SARIF messages should.
func sentence(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func sarifLevel(s rules.Severity) string {
	if s == rules.SeverityWarning {
		return "warning"
	}
	return "error"
}

func regionOf(f finding.Finding) *sarifRegion {
	if f.Line <= 0 {
		return nil
	}
	reg := sarifRegion{StartLine: f.Line, StartColumn: max(f.Column, 1), EndLine: max(f.EndLine, f.Line), EndColumn: f.EndColumn}
	if reg.EndLine == reg.StartLine && reg.EndColumn <= reg.StartColumn {
		reg.EndColumn = reg.StartColumn + 1
	}
	if reg.EndColumn < 1 {
		reg.EndColumn = 1
	}
	return &reg
}

// artifactLocation turns a displayed path into a URI: relative paths are
// relative to %SRCROOT%, absolute ones become file URIs.
func artifactLocation(p string) sarifArtifactLocation {
	if filepath.IsAbs(p) {
		return sarifArtifactLocation{URI: fileURI(p)}
	}
	p = path.Clean(filepath.ToSlash(p))
	// url.URL escapes what a URI cannot hold (spaces, %, #, ?) and guards
	// a first segment with a colon, which would read as a scheme.
	return sarifArtifactLocation{URI: (&url.URL{Path: p}).String(), URIBaseID: srcRoot}
}

func fileURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// dirFileURI is the file URI of a directory; SARIF wants it to end in /.
func dirFileURI(dir string) string {
	u := fileURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// fingerprintBase hashes what identifies a finding across runs: rule,
// path and the SHA-256 of its secret, or of its matched text when it has
// none. It is "" when the finding has neither.
func fingerprintBase(f finding.Finding) string {
	id := f.MatchSHA256
	if f.Secret != "" {
		id = SecretSHA256(f.Secret)
	}
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(f.RuleID + "\x00" + path.Clean(filepath.ToSlash(f.DisplayPath())) + "\x00" + id))
	return hex.EncodeToString(sum[:])
}

// semverRE matches a semantic version after its "v".
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$`)

// sarifVersions turns the build's version ("v1.2.3 abcdef123456") into
// SARIF's version, which should start with a digit, and, when it is one,
// semanticVersion. A local build's "(devel)" stays as it is.
func sarifVersions(v string) (version, semantic string) {
	if len(v) > 1 && v[0] == 'v' && '0' <= v[1] && v[1] <= '9' {
		v = v[1:]
	}
	first, _, _ := strings.Cut(v, " ")
	if semverRE.MatchString(first) {
		semantic = first
	}
	return v, semantic
}

// pascalCase turns a rule title into SARIF's friendly rule name:
// "Hard-coded CUDO API key" becomes "HardCodedCudoApiKey".
func pascalCase(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		b.WriteString(strings.ToUpper(w[:1]) + strings.ToLower(w[1:]))
	}
	return b.String()
}

func toSARIFCommit(c *finding.Commit) *sarifCommit {
	if c == nil {
		return nil
	}
	return &sarifCommit{Hash: c.Hash, Author: c.Author, Date: c.Date}
}

package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/cudoscan/cudoscan/internal/apiurl"
	"github.com/cudoscan/cudoscan/internal/suggest"
	"github.com/cudoscan/cudoscan/rules"
)

// FileName is the configuration file looked for at the scan root.
const FileName = ".cudoscan.yaml"

// Config is a parsed configuration file. The zero value is an empty file.
type Config struct {
	// Path is the file it was read from, as given.
	Path string
	// Include and Exclude are doublestar globs on slash-separated paths
	// relative to the scan root, as --include and --exclude.
	Include, Exclude []string
	// ContextWords are extra words that count as CUDO context.
	ContextWords []string
	// Placeholders are extra values never reported as keys.
	Placeholders []string
	// Allow lists paths whose findings are never reported.
	Allow []Allow
	// MinConfidence is the default --min-confidence; 0 when unset.
	MinConfidence rules.Confidence
	// Baseline is the default --baseline, joined with the directory of the
	// file when it is relative; "" when unset.
	Baseline string
	// Verify holds the verification settings; zero fields are unset.
	Verify Verify
}

// Allow is an allowlist entry: findings in files whose path matches Path
// are never reported. Reason says why; it is required. Rules, when set,
// limits the entry to those rule IDs: a test file that spells out
// malformed headers can be allowed for cudo-auth-header while a real key
// there is still reported.
type Allow struct {
	Path   string // a doublestar glob, relative to the scan root
	Reason string
	Rules  []string // rule IDs; empty: every rule
	Line   int      // the entry's line in the file, for messages
}

// Covers reports whether the entry applies to a finding of rule at rel.
func (a Allow) Covers(rule, rel string) bool {
	if len(a.Rules) > 0 && !slices.Contains(a.Rules, rule) {
		return false
	}
	return a.Matches(rel)
}

// Matches reports whether the slash path rel, relative to the scan root,
// is allowed by the entry. A glob that matches a directory allows
// everything under it.
func (a Allow) Matches(rel string) bool {
	if doublestar.MatchUnvalidated(a.Path, rel) {
		return true
	}
	for dir := rel; ; {
		i := strings.LastIndexByte(dir, '/')
		if i < 0 {
			return false
		}
		dir = dir[:i]
		if doublestar.MatchUnvalidated(a.Path, dir) {
			return true
		}
	}
}

// Verify holds the settings of key verification (--verify). Zero values
// are unset and mean the verifier's defaults.
type Verify struct {
	Timeout time.Duration // bound on a whole verification run
	MaxWait time.Duration // cap on every single wait between retries
	Jobs    int           // keys verified at once
	APIURL  string        // base URL of the CUDO API
}

// Error is a problem in a configuration file, at a line when known.
type Error struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

// Error returns "file:line: message". Messages name keys and positions,
// not values; anything key-shaped left in one (a key name made of a key)
// is redacted all the same, since config errors end up in CI logs.
func (e *Error) Error() string {
	msg := rules.RedactKeyShaped(e.Msg)
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
	}
	return e.File + ": " + msg
}

// Find returns the path of the configuration file in dir, or "" when there
// is none. A .cudoscan.yml, which would otherwise be ignored without a
// word, is an error.
func Find(dir string) (string, error) {
	p := filepath.Join(dir, FileName)
	fi, err := os.Stat(p)
	switch {
	case err == nil && fi.IsDir():
		return "", fmt.Errorf("%s is a directory", p)
	case err == nil:
		return p, nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", err
	}
	yml := filepath.Join(dir, ".cudoscan.yml")
	if _, err := os.Stat(yml); err == nil {
		return "", fmt.Errorf("%s is not read: rename it to %s", yml, FileName)
	}
	return "", nil
}

// FindUp returns the path of the configuration file in dir or the nearest
// directory above it, or "" when there is none up to the root: what
// cudovet, which is run in a package's directory, reads.
func FindUp(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		found, err := Find(dir)
		if found != "" || err != nil {
			return found, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and parses the configuration file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses the contents of a configuration file; name is used in
// errors and to resolve the baseline path.
func Parse(name string, data []byte) (*Config, error) {
	p := &parser{file: name}
	c := &Config{Path: name}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file, or only comments
		}
		return nil, p.yamlError(err)
	}
	var more yaml.Node
	switch err := dec.Decode(&more); {
	case err == nil:
		return nil, p.errorf(more.Line, "more than one YAML document; a configuration file holds one")
	case !errors.Is(err, io.EOF):
		return nil, p.yamlError(err)
	}
	root := deref(&doc)
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = deref(root.Content[0])
	}
	if isNull(root) {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root.Line, "expected settings as \"key: value\" lines, not %s", describe(root))
	}
	err := p.mapping(root, "", topKeys, func(key string, v *yaml.Node) error {
		var err error
		switch key {
		case "include":
			c.Include, err = p.globs(v, key)
		case "exclude":
			c.Exclude, err = p.globs(v, key)
		case "context-words":
			c.ContextWords, err = p.contextWords(v, key)
		case "placeholders":
			c.Placeholders, err = p.nonEmptyStrings(v, key)
		case "allow":
			c.Allow, err = p.allow(v)
		case "min-confidence":
			c.MinConfidence, err = p.confidence(v, key)
		case "baseline":
			c.Baseline, err = p.baseline(v, key)
		case "verify":
			c.Verify, err = p.verify(v)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Keys returns every setting a configuration file may hold, nested ones
// written with a dot ("verify.timeout"): what the policy's settings table
// must cover.
func Keys() []string {
	var keys []string
	for _, k := range topKeys {
		if k != "verify" { // a section: its keys follow
			keys = append(keys, k)
		}
	}
	for _, k := range verifyKeys {
		keys = append(keys, "verify."+k)
	}
	return keys
}

// The keys of each mapping, in the order the example file shows them.
var (
	topKeys    = []string{"include", "exclude", "allow", "context-words", "placeholders", "min-confidence", "baseline", "verify"}
	allowKeys  = []string{"path", "reason", "rules"}
	verifyKeys = []string{"timeout", "max-wait", "jobs", "api-url"}
)

type parser struct{ file string }

func (p *parser) errorf(line int, format string, args ...any) error {
	return &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// yamlLine matches the position that the YAML library puts in its errors.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlError turns a YAML syntax error into an Error that names the file.
func (p *parser) yamlError(err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return p.errorf(line, "invalid YAML: %s", msg)
}

// mapping calls fn for each key of the mapping m in order, after checking
// that the key is known and not repeated. prefix names the enclosing key
// in messages ("verify.").
func (p *parser) mapping(m *yaml.Node, prefix string, known []string, fn func(key string, v *yaml.Node) error) error {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := deref(m.Content[i]), deref(m.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return p.errorf(k.Line, "expected a key name, not %s", describe(k))
		}
		if !contains(known, k.Value) {
			msg := fmt.Sprintf("unknown key %q", prefix+k.Value)
			if s := suggest.Closest(k.Value, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", prefix+s)
			} else {
				msg += fmt.Sprintf(" (known keys: %s)", strings.Join(known, ", "))
			}
			return p.errorf(k.Line, "%s", msg)
		}
		if first, dup := seen[k.Value]; dup {
			return p.errorf(k.Line, "%s is set twice (first on line %d)", prefix+k.Value, first)
		}
		seen[k.Value] = k.Line
		if err := fn(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

// list returns the entries of a sequence; null is an empty list.
func (p *parser) list(v *yaml.Node, key string) ([]*yaml.Node, error) {
	if isNull(v) {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, p.errorf(v.Line, "%s must be a list (one \"- item\" per line), not %s", key, describe(v))
	}
	out := make([]*yaml.Node, len(v.Content))
	for i, it := range v.Content {
		out[i] = deref(it)
	}
	return out, nil
}

// scalar returns the text of a scalar value.
func (p *parser) scalar(v *yaml.Node, key string) (string, error) {
	if v.Kind != yaml.ScalarNode || isNull(v) {
		return "", p.errorf(v.Line, "%s must be a single value, not %s", key, describe(v))
	}
	return v.Value, nil
}

func (p *parser) nonEmptyStrings(v *yaml.Node, key string) ([]string, error) {
	items, err := p.list(v, key)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		s, err := p.scalar(it, key+" entry")
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(s) == "" {
			return nil, p.errorf(it.Line, "empty %s entry", key)
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) globs(v *yaml.Node, key string) ([]string, error) {
	items, err := p.list(v, key)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		s, err := p.scalar(it, key+" entry")
		if err != nil {
			return nil, err
		}
		if err := p.checkGlob(it.Line, s, key); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// checkGlob rejects globs that are invalid or could never match a path
// relative to the scan root.
func (p *parser) checkGlob(line int, g, key string) error {
	switch {
	case g == "":
		return p.errorf(line, "empty glob in %s", key)
	case !doublestar.ValidatePattern(g):
		return p.errorf(line, "invalid glob in %s", key)
	case strings.HasPrefix(g, "/") || strings.HasPrefix(g, "./"):
		return p.errorf(line, "a glob in %s never matches: globs match paths relative to the scan root, without a leading / or ./", key)
	}
	return nil
}

func (p *parser) contextWords(v *yaml.Node, key string) ([]string, error) {
	items, err := p.list(v, key)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		w, err := p.scalar(it, key+" entry")
		if err != nil {
			return nil, err
		}
		if len(strings.TrimSpace(w)) < 3 {
			return nil, p.errorf(it.Line, "a context word is too short: a word of fewer than 3 characters would make almost any file CUDO context")
		}
		out = append(out, w)
	}
	return out, nil
}

func (p *parser) allow(v *yaml.Node) ([]Allow, error) {
	items, err := p.list(v, "allow")
	if err != nil {
		return nil, err
	}
	var out []Allow
	for _, it := range items {
		if it.Kind != yaml.MappingNode {
			return nil, p.errorf(it.Line, "each allow entry is a mapping with a path and a reason (- path: GLOB, then reason: WHY), not %s", describe(it))
		}
		a := Allow{Line: it.Line}
		err := p.mapping(it, "allow.", allowKeys, func(key string, v *yaml.Node) error {
			if key == "rules" {
				return p.allowRules(v, &a)
			}
			s, err := p.scalar(v, "allow."+key)
			switch {
			case err != nil:
				return err
			case key == "path":
				a.Path = s
				return p.checkGlob(v.Line, s, "allow")
			default:
				a.Reason = strings.TrimSpace(s)
				return nil
			}
		})
		if err != nil {
			return nil, err
		}
		switch {
		case a.Path == "":
			return nil, p.errorf(it.Line, "allow entry without a path")
		case a.Reason == "":
			return nil, p.errorf(it.Line, "this allow entry needs a reason: say why findings there are not leaks")
		}
		out = append(out, a)
	}
	return out, nil
}

// allowRules reads an allow entry's rules: known rule IDs only, so that a
// typo cannot silently widen or void the entry.
func (p *parser) allowRules(v *yaml.Node, a *Allow) error {
	items, err := p.list(v, "allow.rules")
	if err != nil {
		return err
	}
	for _, it := range items {
		id, err := p.scalar(it, "allow.rules entry")
		if err != nil {
			return err
		}
		if _, ok := rules.Lookup(id); !ok {
			return p.errorf(it.Line, "unknown rule %q in allow.rules (run 'cudoscan rules' for the list)", id)
		}
		a.Rules = append(a.Rules, id)
	}
	if len(a.Rules) == 0 {
		return p.errorf(v.Line, "allow.rules is empty: leave it out to allow every rule")
	}
	return nil
}

func (p *parser) confidence(v *yaml.Node, key string) (rules.Confidence, error) {
	s, err := p.scalar(v, key)
	if err != nil {
		return 0, err
	}
	c, ok := rules.ParseConfidence(s)
	if !ok {
		return 0, p.errorf(v.Line, "%s must be medium or high", key)
	}
	return c, nil
}

func (p *parser) baseline(v *yaml.Node, key string) (string, error) {
	s, err := p.scalar(v, key)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", p.errorf(v.Line, "empty %s path", key)
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(filepath.Dir(p.file), filepath.FromSlash(s))
	}
	return s, nil
}

func (p *parser) verify(v *yaml.Node) (Verify, error) {
	var out Verify
	if isNull(v) {
		return out, nil
	}
	if v.Kind != yaml.MappingNode {
		return out, p.errorf(v.Line, "verify must be a mapping of settings (timeout, max-wait, jobs, api-url), not %s", describe(v))
	}
	err := p.mapping(v, "verify.", verifyKeys, func(key string, v *yaml.Node) error {
		name := "verify." + key
		s, err := p.scalar(v, name)
		if err != nil {
			return err
		}
		switch key {
		case "timeout", "max-wait":
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				return p.errorf(v.Line, "%s must be a positive duration with a unit, such as 30s or 2m", name)
			}
			if key == "timeout" {
				out.Timeout = d
			} else {
				out.MaxWait = d
			}
		case "jobs":
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				return p.errorf(v.Line, "%s must be a positive whole number", name)
			}
			out.Jobs = n
		case "api-url":
			// The verifier's own check: the file accepts what it accepts.
			if err := apiurl.Check(s); err != nil {
				return p.errorf(v.Line, "%s: %v", name, err)
			}
			out.APIURL = s
		}
		return nil
	})
	return out, err
}

// deref follows aliases (*anchor) to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe names the kind of a node for messages.
func describe(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	}
	// Never the value itself: the file is repository content, and errors
	// end up in CI logs.
	return "a single value"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package analyzer

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cudoscan/cudoscan/policy"
	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
)

const doc = `report leaked CUDO Compute API keys and malformed Authorization headers

cudovet reports what the cudoscan detection core finds in the Go files of a
package (hard-coded CUDO API keys, malformed Authorization headers, problems
with cudoscan:allow directives), at the same positions as "cudoscan scan".
In packages that talk to CUDO it also reports keys that only the type
checker can see (split across constants, typed constants, "Bearer " + key)
and Authorization headers set through net/http or gRPC metadata without the
Bearer scheme, with "Bearer" glued to the key, or with a key read from a
file and never trimmed. Suppress a finding with a cudoscan:allow comment
that gives a reason, on its line or the line before.`

// Analyzer reports leaked CUDO Compute API keys and malformed Authorization
// headers. See the package documentation for what it checks. Its flags
// (-config, -no-config, -include, -exclude, -min-confidence) are cudovet's.
var Analyzer, _ = newAnalyzer()

// New returns an analyzer like Analyzer with settings of its own, given as
// cudovet's flags ("-config=ci.yaml", "-min-confidence", "high"): for a
// program that runs cudovet among other analyzers, such as golangci-lint's
// plugin, without touching Analyzer's flags. Its settings are checked now
// (and a config file they name is read), so a bad one fails here and not
// on the first package.
func New(args ...string) (*analysis.Analyzer, error) {
	a, v := newAnalyzer()
	a.Flags.SetOutput(io.Discard) // the error says it all; no usage dump
	if err := a.Flags.Parse(args); err != nil {
		return nil, err
	}
	if a.Flags.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: settings are flags", a.Flags.Arg(0))
	}
	if err := v.check(); err != nil {
		return nil, err
	}
	return a, nil
}

// newAnalyzer returns an analyzer with its own flags and policy cache, and
// its state.
func newAnalyzer() (*analysis.Analyzer, *vet) {
	v := &vet{settings: policy.Defaults(), policies: map[string]*pkgPolicy{}}
	a := &analysis.Analyzer{
		Name: "cudovet",
		Doc:  doc,
		Run:  v.run,
		// A package that does not type-check still leaks the keys written
		// in it: the text checks need no types, and the type-based ones
		// skip whatever the checker could not resolve.
		RunDespiteErrors: true,
	}
	v.flags = &a.Flags
	policy.Register(v.flags, policy.ModeVet, &v.settings)
	return a, v
}

// unit is one run of the analyzer over one package.
type unit struct {
	pass   *analysis.Pass
	policy *pkgPolicy
	files  []*file // the Go files of the build, with their syntax
	texts  []*file // the package's other files, scanned as text: ignored Go files, assembly, C
	byTok  map[*token.File]*file
	talks  bool // the package talks to CUDO: the type-based checks apply
	found  []finding
	seen   map[findingKey]bool
	flow   *flow                         // assignments of variables, built on first use
	uses   map[types.Object][]*ast.Ident // uses of objects, built on first use
	hdrKey map[string]bool               // keys seen in Authorization header values
}

// file is one file of the package: its syntax (nil for a file scanned
// only as text), its bytes, its path as the config file's globs see it,
// and what the detection core found in it.
type file struct {
	ast     *ast.File
	tok     *token.File
	src     []byte
	rel     string
	matches []rules.Match
	// belowMin are the core's matches dropped for their confidence
	// (pkgPolicy.belowMin): a type-based finding of one is dropped too.
	belowMin []rules.Match
	// at is the token.File that diagnostics are reported in: tok, or for
	// a Go file with a lone \r (which go/token does not count as a line
	// end, and the core does, as editors do) a twin of tok with the
	// core's line table, so that cudovet prints cudoscan's file:line:col.
	at *token.File
}

func (v *vet) run(pass *analysis.Pass) (any, error) {
	u, err := v.load(pass)
	if err != nil {
		return nil, err
	}
	if u.talks {
		// Headers first: a constant sent in an Authorization header is a
		// key whatever its name, which the constant check needs to know.
		u.checkHeaders()
		u.checkConstants()
	}
	u.report()
	return nil, nil
}

// load reads every file of the package that the config file selects and
// runs the detection core on it: the Go files of the build, and as text
// the files the build leaves out (ignored Go files, such as
// //go:build ignore or another OS's _windows.go, and assembly or C), which
// cudoscan scans too.
func (v *vet) load(pass *analysis.Pass) (*unit, error) {
	u := &unit{pass: pass, byTok: map[*token.File]*file{}, seen: map[findingKey]bool{}, hdrKey: map[string]bool{}}
	dir := packageDir(pass)
	p, err := v.policyFor(dir)
	if err != nil {
		return nil, err
	}
	u.policy = p
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		hint := hintPath(pass, tf.Name())
		rel := p.relPath(tf.Name(), hint)
		if !p.pol.Selected(rel) {
			continue
		}
		src, err := pass.ReadFile(tf.Name())
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", tf.Name(), err)
		}
		if len(src) != tf.Size() {
			// Offsets into these bytes would not be positions in the
			// parsed file.
			return nil, fmt.Errorf("%s changed while it was analysed (%d bytes parsed, %d read)", tf.Name(), tf.Size(), len(src))
		}
		ms, mentions := p.detector.FindChunk(src, rules.Hint{Path: hint})
		fl := &file{ast: f, tok: tf, src: src, rel: rel, matches: ms, belowMin: p.belowMin(src, rules.Hint{Path: hint}), at: tf}
		if hasLoneCR(src) {
			fl.at = pass.Fset.AddFile(tf.Name(), -1, tf.Size())
			fl.at.SetLines(rules.LineStarts(src))
		}
		u.files = append(u.files, fl)
		u.byTok[tf] = fl
		u.talks = u.talks || mentions
	}
	for _, name := range slices.Concat(pass.IgnoredFiles, pass.OtherFiles) {
		if err := u.loadText(name); err != nil {
			return nil, err
		}
	}
	u.talks = u.talks || rules.MentionsCudo(pass.Pkg.Path())
	return u, nil
}

// loadText scans a file of the package that is not part of the build. It
// is added to the file set with the core's line table, so that its
// findings print at cudoscan's file:line:col whatever its line ends.
func (u *unit) loadText(name string) error {
	hint := hintPath(u.pass, name)
	rel := u.policy.relPath(name, hint)
	if !u.policy.pol.Selected(rel) {
		return nil
	}
	raw, err := u.pass.ReadFile(name)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	src, err := scanner.DecodeText(raw)
	if errors.Is(err, scanner.ErrBinary) {
		return nil // as cudoscan skips it
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	ms, _ := u.policy.detector.FindChunk(src, rules.Hint{Path: hint})
	if len(ms) == 0 {
		return nil
	}
	tf := u.pass.Fset.AddFile(name, -1, len(src))
	tf.SetLines(rules.LineStarts(src))
	fl := &file{tok: tf, src: src, rel: rel, matches: ms, at: tf}
	u.texts = append(u.texts, fl)
	u.byTok[tf] = fl
	return nil
}

// hasLoneCR reports whether src has a \r not followed by \n: a line end
// for the core and for editors, not for go/token.
func hasLoneCR(src []byte) bool {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 >= len(src) || src[i+1] != '\n' {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// packageDir is the directory of the package's files, where its config
// file search starts.
func packageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.FileStart); tf != nil {
			return filepath.Dir(tf.Name())
		}
	}
	if names := slices.Concat(pass.IgnoredFiles, pass.OtherFiles); len(names) > 0 {
		return filepath.Dir(names[0])
	}
	return "."
}

// hintPath returns the slash path of a file relative to the root of its
// module: the path cudoscan prints when it scans the module from its root.
// Path-based context (a cudo/ directory, a lockfile's name) then means the
// same to both tools, and where the module happens to be checked out (say,
// ~/src/cudo-infra) means nothing to either.
func hintPath(pass *analysis.Pass, filename string) string {
	dir := strings.TrimSuffix(pass.Pkg.Path(), "_test") // external test packages live beside their package
	if pass.Module != nil && pass.Module.Path != "" {
		switch mod := pass.Module.Path; {
		case dir == mod:
			dir = ""
		case strings.HasPrefix(dir, mod+"/"):
			dir = dir[len(mod)+1:]
		}
	}
	return path.Join(dir, filepath.Base(filename))
}

// fileOf returns the package file holding pos, or nil.
func (u *unit) fileOf(pos token.Pos) *file {
	return u.byTok[u.pass.Fset.File(pos)]
}

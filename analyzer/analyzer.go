package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cudoscan/cudoscan/rules"
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
// headers. See the package documentation for what it checks.
var Analyzer = &analysis.Analyzer{
	Name: "cudovet",
	Doc:  doc,
	Run:  run,
	// A package that does not type-check still leaks the keys written in
	// it: the text checks need no types, and the type-based ones skip
	// whatever the checker could not resolve.
	RunDespiteErrors: true,
}

// unit is one run of the analyzer over one package.
type unit struct {
	pass   *analysis.Pass
	files  []*file
	byTok  map[*token.File]*file
	talks  bool // the package talks to CUDO: the type-based checks apply
	found  []finding
	seen   map[findingKey]bool
	flow   *flow                         // assignments of variables, built on first use
	uses   map[types.Object][]*ast.Ident // uses of objects, built on first use
	hdrKey map[string]bool               // keys seen in Authorization header values
}

// file is one Go file of the package: its syntax, its bytes and what the
// detection core found in them.
type file struct {
	ast     *ast.File
	tok     *token.File
	src     []byte
	matches []rules.Match
}

func run(pass *analysis.Pass) (any, error) {
	u, err := load(pass)
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

// load reads every Go file of the package and runs the detection core on it.
func load(pass *analysis.Pass) (*unit, error) {
	u := &unit{pass: pass, byTok: map[*token.File]*file{}, seen: map[findingKey]bool{}, hdrKey: map[string]bool{}}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
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
		ms, mentions := rules.Default.FindChunk(src, rules.Hint{Path: hintPath(pass, tf.Name())})
		fl := &file{ast: f, tok: tf, src: src, matches: ms}
		u.files = append(u.files, fl)
		u.byTok[tf] = fl
		u.talks = u.talks || mentions
	}
	u.talks = u.talks || rules.MentionsCudo(pass.Pkg.Path())
	return u, nil
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

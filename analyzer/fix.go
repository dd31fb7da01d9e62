package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// envVar is where CUDO's docs and clients read the key from.
const envVar = "CUDO_API_KEY"

// keyFix returns the fix that replaces the key at pos, inside a string
// literal, with os.Getenv("CUDO_API_KEY"), or nil when the key is not in a
// literal (a comment) or the replacement would not compile.
func (u *unit) keyFix(f *file, pos token.Pos, key string) []analysis.SuggestedFix {
	path, _ := astutil.PathEnclosingInterval(f.ast, pos, pos)
	if len(path) < 2 {
		return nil
	}
	lit, ok := path[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return nil
	}
	value, err := strconv.Unquote(lit.Value)
	if err != nil {
		return nil
	}
	i := strings.Index(value, key)
	if i < 0 {
		return nil
	}
	var edits []analysis.TextEdit
	switch path[1].(type) {
	case *ast.Field, *ast.ImportSpec:
		return nil // struct tags and import paths must stay literals
	case *ast.IndexExpr, *ast.SliceExpr:
		return nil // "key"[i]: too odd to rewrite
	}
	if decl := constDecl(path); decl != nil {
		// A constant cannot hold os.Getenv: the declaration becomes a
		// variable, which is only safe when nothing needs it constant.
		if !u.canBecomeVar(decl) {
			return nil
		}
		edits = append(edits, analysis.TextEdit{Pos: decl.TokPos, End: decl.TokPos + token.Pos(len("const")), NewText: []byte("var")})
	} else if !isString(u.pass.TypesInfo.TypeOf(lit)) {
		return nil // a named string type would need a conversion
	}
	osName, importEdits, ok := u.importName(f, "os", lit.Pos())
	if !ok {
		return nil
	}
	var terms []string
	if prefix := value[:i]; prefix != "" {
		if hasSuffixFold(prefix, "bearer") {
			prefix += " " // the key was glued to the scheme: it moves out, the missing space goes in
		}
		terms = append(terms, strconv.Quote(prefix))
	}
	terms = append(terms, osName+".Getenv("+strconv.Quote(envVar)+")")
	if suffix := value[i+len(key):]; suffix != "" {
		terms = append(terms, strconv.Quote(suffix))
	}
	edits = append(edits, analysis.TextEdit{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strings.Join(terms, " + "))})
	edits = append(edits, importEdits...)
	return []analysis.SuggestedFix{{
		Message:   "Load the key from the " + envVar + " environment variable",
		TextEdits: edits,
	}}
}

// constDecl returns the const declaration whose value holds the node at
// path[0], or nil.
func constDecl(path []ast.Node) *ast.GenDecl {
	for i, n := range path {
		switch n.(type) {
		case *ast.ValueSpec:
			if i+1 < len(path) {
				if gd, ok := path[i+1].(*ast.GenDecl); ok && gd.Tok == token.CONST {
					return gd
				}
			}
			return nil
		case ast.Stmt, *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// canBecomeVar reports whether turning the const declaration decl into a
// var declaration keeps the package compiling: it declares one spec (iota
// and implicit repetition stay untouched), of type string, no other package
// can import its names, and every use of them ends up a plain string
// outside any constant declaration.
func (u *unit) canBecomeVar(decl *ast.GenDecl) bool {
	if len(decl.Specs) != 1 {
		return false
	}
	spec := decl.Specs[0].(*ast.ValueSpec)
	if len(spec.Values) != len(spec.Names) {
		return false
	}
	if spec.Type != nil && !isString(u.pass.TypesInfo.TypeOf(spec.Type)) {
		return false
	}
	for _, name := range spec.Names {
		if name.IsExported() && u.pass.Pkg.Name() != "main" {
			return false // other packages may use it as a constant
		}
		obj := u.pass.TypesInfo.Defs[name]
		if obj == nil {
			if name.Name == "_" {
				continue
			}
			return false
		}
		for _, use := range u.usesOf(obj) {
			if t, inConst := u.constContext(use); inConst || !isString(t) {
				return false
			}
		}
	}
	return true
}

// constContext returns the type that the outermost constant expression
// around use is given ("Bearer " + k passed to a string parameter: string;
// assigned to a named string type: that type), and whether that expression
// lies in a const declaration, where a variable may not appear.
func (u *unit) constContext(use *ast.Ident) (types.Type, bool) {
	f := u.fileOf(use.Pos())
	if f == nil {
		return nil, true
	}
	path, _ := astutil.PathEnclosingInterval(f.ast, use.Pos(), use.End())
	var top ast.Expr = use
	for _, n := range path[1:] {
		e, ok := n.(ast.Expr)
		if !ok {
			break
		}
		if _, ok := u.constString(e); !ok {
			break
		}
		top = e
	}
	return u.pass.TypesInfo.TypeOf(top), constDecl(path) != nil
}

// usesOf returns the identifiers that refer to obj in this package.
func (u *unit) usesOf(obj types.Object) []*ast.Ident {
	if u.uses == nil {
		u.uses = map[types.Object][]*ast.Ident{}
		for id, o := range u.pass.TypesInfo.Uses {
			u.uses[o] = append(u.uses[o], id)
		}
	}
	return u.uses[obj]
}

// isString reports whether t is the predeclared string type.
func isString(t types.Type) bool {
	return t != nil && types.Identical(t, types.Typ[types.String])
}

// bearerFix inserts the missing "Bearer " before the header value v, and
// trims v first when it was read from a file and never trimmed.
func (u *unit) bearerFix(v ast.Expr, trim bool) []analysis.SuggestedFix {
	f := u.fileOf(v.Pos())
	if f == nil {
		return nil
	}
	msg := "Add the Bearer scheme"
	open, close := `"Bearer " + `, ""
	var edits []analysis.TextEdit
	if trim {
		name, importEdits, ok := u.trimFunc(f, v)
		if !ok {
			return nil
		}
		msg += " and trim the key"
		open, close = open+name+"(", ")"
		edits = append(edits, importEdits...)
	}
	edits = append(edits, analysis.TextEdit{Pos: v.Pos(), End: v.Pos(), NewText: []byte(open)})
	if close != "" {
		edits = append(edits, analysis.TextEdit{Pos: v.End(), End: v.End(), NewText: []byte(close)})
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: edits}}
}

// spaceFix inserts the missing space after the "Bearer" whose B is at
// bearer, in the literal or Sprintf format that writes the scheme.
func spaceFix(bearer token.Pos) []analysis.SuggestedFix {
	at := bearer + token.Pos(len("Bearer"))
	return []analysis.SuggestedFix{{
		Message:   `Put a space between "Bearer" and the key`,
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(" ")}},
	}}
}

// trimFix wraps e, a key read from a file, in strings.TrimSpace (or
// bytes.TrimSpace for a []byte).
func (u *unit) trimFix(e ast.Expr) []analysis.SuggestedFix {
	f := u.fileOf(e.Pos())
	if f == nil {
		return nil
	}
	name, edits, ok := u.trimFunc(f, e)
	if !ok {
		return nil
	}
	edits = append(edits,
		analysis.TextEdit{Pos: e.Pos(), End: e.Pos(), NewText: []byte(name + "(")},
		analysis.TextEdit{Pos: e.End(), End: e.End(), NewText: []byte(")")})
	return []analysis.SuggestedFix{{Message: "Trim the key read from the file", TextEdits: edits}}
}

// trimFunc returns the TrimSpace function that fits e's type, as code at e
// can name it, and the edits that import its package.
func (u *unit) trimFunc(f *file, e ast.Expr) (string, []analysis.TextEdit, bool) {
	// TrimSpace returns string or []byte: a named type would need a
	// conversion back, so only the two plain types are fixed.
	var pkg string
	switch t := u.pass.TypesInfo.TypeOf(e); {
	case isString(t):
		pkg = "strings"
	case t != nil && types.Identical(t, types.NewSlice(types.Typ[types.Byte])):
		pkg = "bytes"
	default:
		return "", nil, false
	}
	name, edits, ok := u.importName(f, pkg, e.Pos())
	return name + ".TrimSpace", edits, ok
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case; suffix is lowercase.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

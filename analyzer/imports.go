package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// importName returns the name under which code at pos in f can refer to
// the standard package path (os, strings, bytes), and the edits that add
// the import when f lacks it. ok is false when the name means something
// else at pos (a local variable named strings), where a fix would not
// compile.
func (u *unit) importName(f *file, pkgPath string, pos token.Pos) (name string, edits []analysis.TextEdit, ok bool) {
	for _, imp := range f.ast.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err != nil || p != pkgPath {
			continue
		}
		name = pkgPath
		if imp.Name != nil {
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				continue
			}
			name = imp.Name.Name
		}
		pn, isPkg := u.lookup(name, pos).(*types.PkgName)
		return name, nil, isPkg && pn.Imported().Path() == pkgPath
	}
	if u.lookup(pkgPath, pos) != nil {
		return "", nil, false
	}
	return pkgPath, addImport(f, pkgPath), true
}

// lookup resolves name at pos in the package's scopes.
func (u *unit) lookup(name string, pos token.Pos) types.Object {
	scope := u.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		scope = u.pass.Pkg.Scope()
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// addImport returns the edits that import pkgPath into f, keeping gofmt's
// order within the first import group (the standard library's, by
// convention).
func addImport(f *file, pkgPath string) []analysis.TextEdit {
	quoted := strconv.Quote(pkgPath)
	for _, decl := range f.ast.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break // imports precede every other declaration
		}
		if len(gd.Specs) == 0 {
			continue
		}
		if !gd.Lparen.IsValid() {
			// import "fmt" becomes import ( "fmt"; "os" ).
			spec := gd.Specs[0].(*ast.ImportSpec)
			old := string(f.src[f.tok.Offset(spec.Pos()):f.tok.Offset(spec.End())])
			lines := []string{old, quoted}
			if importPath(spec) > pkgPath {
				lines[0], lines[1] = quoted, old
			}
			return []analysis.TextEdit{{Pos: spec.Pos(), End: spec.End(),
				NewText: []byte("(\n\t" + lines[0] + "\n\t" + lines[1] + "\n)")}}
		}
		var after token.Pos // the end of the last spec of the first group, with its line comment
		for _, s := range gd.Specs {
			spec := s.(*ast.ImportSpec)
			if after.IsValid() && f.tok.Line(spec.Pos()) > f.tok.Line(after)+1 {
				break // a blank line ends the first group
			}
			if importPath(spec) > pkgPath {
				at := spec.Pos()
				if spec.Doc != nil {
					at = spec.Doc.Pos()
				}
				return []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(quoted + "\n\t")}}
			}
			after = spec.End()
			if spec.Comment != nil {
				after = spec.Comment.End()
			}
		}
		return []analysis.TextEdit{{Pos: after, End: after, NewText: []byte("\n\t" + quoted)}}
	}
	end := f.ast.Name.End()
	return []analysis.TextEdit{{Pos: end, End: end, NewText: []byte("\n\nimport " + quoted)}}
}

func importPath(s *ast.ImportSpec) string {
	p, _ := strconv.Unquote(s.Path.Value)
	return p
}

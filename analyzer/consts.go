package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cudoscan/cudoscan/rules"
)

// Keys in constants. The type checker folds every constant string
// expression, so a key is visible however it is written: split across
// constants and files, typed, prefixed with "Bearer ". A key is reported
// where it is put together (its assembly point: the literal that holds it,
// or the + whose operands each hold only a part of it), once, and only with
// CUDO context from somewhere in the package: a constant holding it is
// named or typed like a key, it follows "Bearer", or it is sent in an
// Authorization header. A 64-hex constant without any of these is a digest.

// assembly is where a key is put together.
type assembly struct {
	key  string
	node ast.Expr // a *ast.BasicLit or a *ast.BinaryExpr
	name string   // what the constant expression around it is assigned to
}

func (u *unit) checkConstants() {
	var points []assembly
	context := map[string]bool{} // keys with CUDO context
	for _, f := range u.files {
		var stack []ast.Node
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			if e, ok := n.(ast.Expr); ok {
				if s, ok := u.constString(e); ok {
					// The outermost constant expression: its operands are
					// constants too, and are examined through it.
					if len(s) >= rules.KeyLen {
						name := u.bindingName(stack, e)
						for _, at := range keysIn(s) {
							key := s[at : at+rules.KeyLen]
							if u.hdrKey[key] || rules.IsKeyName(name) || u.keyTyped(e) || followsBearer(s, at) {
								context[key] = true
							}
							if node := u.assemblyOf(e, key); node != nil {
								points = append(points, assembly{key, node, name})
							}
						}
					}
					return false
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	for _, p := range points {
		if context[p.key] {
			u.reportAssembly(p)
		}
	}
}

func (u *unit) reportAssembly(p assembly) {
	lit, ok := p.node.(*ast.BasicLit)
	if !ok {
		where := ""
		if p.name != "" {
			where = " in " + p.name
		}
		msg := fmt.Sprintf("hard-coded CUDO API key split across string constants%s (text scanners cannot see it): %s", where, rules.RevokeAdvice)
		u.add(p.node.Pos(), p.node.End(), rules.RuleAPIKey, "", msg, p.key, nil)
		return
	}
	// At the key inside the literal: where the core reports a key it sees,
	// so that the two never report one key twice.
	pos := lit.Pos()
	if i := strings.Index(lit.Value, p.key); i >= 0 {
		pos += token.Pos(i)
	}
	where := "a string constant"
	if p.name != "" {
		where = p.name
	}
	fixes := u.fixAt(pos, p.key)
	msg := fmt.Sprintf("hard-coded CUDO API key in %s: %s", where, rules.RevokeAdvice)
	u.add(pos, pos+token.Pos(rules.KeyLen), rules.RuleAPIKey, "", msg, p.key, fixes)
}

// fixAt returns keyFix for the key at pos.
func (u *unit) fixAt(pos token.Pos, key string) []analysis.SuggestedFix {
	f := u.fileOf(pos)
	if f == nil {
		return nil
	}
	return u.keyFix(f, pos, key)
}

// assemblyOf follows the constant expression e down to where key is put
// together, or returns nil when e only refers to a constant that holds it
// whole (the key is then reported at that constant's declaration).
func (u *unit) assemblyOf(e ast.Expr, key string) ast.Expr {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.BasicLit:
			return x
		case *ast.BinaryExpr:
			if s, _ := u.constString(x.X); strings.Contains(s, key) {
				e = x.X
				continue
			}
			if s, _ := u.constString(x.Y); strings.Contains(s, key) {
				e = x.Y
				continue
			}
			return x
		case *ast.CallExpr:
			if tv, ok := u.pass.TypesInfo.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0] // APIKey("...")
				continue
			}
			return nil
		default:
			return nil
		}
	}
}

// bindingName returns the name the constant expression e is given: the
// constant or variable it initializes, the field or map key it fills, the
// variable it is assigned to, or for an argument, the key it is set under
// (os.Setenv("CUDO_API_KEY", v)) or the function it is passed to.
func (u *unit) bindingName(stack []ast.Node, e ast.Expr) string {
	if len(stack) == 0 {
		return ""
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == e && i < len(p.Names) {
				return p.Names[i].Name
			}
		}
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if r == e && i < len(p.Lhs) {
				return u.exprName(p.Lhs[i])
			}
		}
	case *ast.KeyValueExpr:
		if p.Value == e {
			return u.exprName(p.Key)
		}
	case *ast.CallExpr:
		for i, a := range p.Args {
			if a != e {
				continue
			}
			if i == 1 {
				if k, ok := u.constString(p.Args[0]); ok {
					return k
				}
			}
			if fn, ok := typeutil.Callee(u.pass.TypesInfo, p).(*types.Func); ok {
				return fn.Name()
			}
		}
	}
	return ""
}

// exprName returns the name an expression stands for: an identifier, the
// last part of a selector, a constant map index.
func (u *unit) exprName(e ast.Expr) string {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.IndexExpr:
		s, _ := u.constString(x.Index)
		return s
	case *ast.BasicLit:
		s, _ := u.constString(x)
		return s
	}
	return ""
}

// keyTyped reports whether e's type is named like a key (type APIKey
// string): only the type checker knows that "..." passed to New(key
// APIKey) is one.
func (u *unit) keyTyped(e ast.Expr) bool {
	t := u.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && rules.IsKeyName(n.Obj().Name())
}

// followsBearer reports whether the key at offset at in s follows the
// Bearer scheme, with or without its space.
func followsBearer(s string, at int) bool {
	return hasSuffixFold(strings.TrimRight(s[:at], " "), "bearer")
}

package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cudoscan/cudoscan/rules"
)

// A deliberately small data flow: for a variable, the values assigned to it
// anywhere in the package. It follows only what it can see whole; a
// variable whose address is taken, that a range loop sets or that an
// operator assigns (k += "\n") has an unknown value.

// assignment is one value given to a variable: rhs, or element index of
// the tuple that rhs returns (index < 0 for a single value). rhs is nil when
// the value is unknown.
type assignment struct {
	rhs   ast.Expr
	index int
}

type flow struct {
	assigns map[*types.Var][]assignment
}

func (u *unit) flowIndex() *flow {
	if u.flow != nil {
		return u.flow
	}
	fl := &flow{assigns: map[*types.Var][]assignment{}}
	info := u.pass.TypesInfo
	varOf := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		if v != nil && v.IsField() {
			return nil
		}
		return v
	}
	unknown := func(e ast.Expr) {
		if v := varOf(e); v != nil {
			fl.assigns[v] = append(fl.assigns[v], assignment{})
		}
	}
	record := func(lhs, rhs []ast.Expr) {
		for i, l := range lhs {
			v := varOf(l)
			switch {
			case v == nil:
			case len(lhs) == len(rhs):
				fl.assigns[v] = append(fl.assigns[v], assignment{rhs[i], -1})
			case len(rhs) == 1:
				fl.assigns[v] = append(fl.assigns[v], assignment{rhs[0], i})
			}
		}
	}
	for _, f := range u.files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					record(n.Lhs, n.Rhs)
				} else {
					for _, l := range n.Lhs {
						unknown(l)
					}
				}
			case *ast.ValueSpec:
				if len(n.Values) > 0 { // var k string: the zero value is no key
					names := make([]ast.Expr, len(n.Names))
					for i, name := range n.Names {
						names[i] = name
					}
					record(names, n.Values)
				}
			case *ast.RangeStmt:
				if n.Key != nil {
					unknown(n.Key)
				}
				if n.Value != nil {
					unknown(n.Value)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					unknown(n.X)
				}
			}
			return true
		})
	}
	u.flow = fl
	return fl
}

// originKind says where a run-time value comes from.
type originKind int

const (
	unknownOrigin originKind = iota
	selfOrigin               // the variable being resolved, in its own update (k = strings.TrimSpace(k))
	envOrigin                // os.Getenv(name)
	readOrigin               // os.ReadFile, io.ReadAll
	nameOrigin               // a parameter, field, call or variable known only by its name
)

// origin is what the data flow knows of a run-time value.
type origin struct {
	kind originKind
	name string // the environment variable, or the name of the value
	// untrimmed is set for bytes read from a file or a body that no
	// TrimSpace, Trim or TrimRight has touched: a key file ends with a
	// newline, and CUDO answers 401 when the header value carries it.
	untrimmed bool
}

// credential reports whether the value is a bare key, which an
// Authorization header must not carry without its scheme.
func (o origin) credential() bool {
	switch o.kind {
	case readOrigin:
		return true
	case envOrigin, nameOrigin:
		return rules.IsKeyName(o.name)
	}
	return false
}

// maxFlowDepth bounds how many variables deep a value is followed.
const maxFlowDepth = 8

// originOf tells where the value of e comes from. seen holds the variables
// being resolved, against cycles (a = b; b = a).
func (u *unit) originOf(e ast.Expr, seen map[*types.Var]bool) origin {
	info := u.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return u.originOf(e.Args[0], seen) // string(data), []byte(s)
		}
		fn, _ := typeutil.Callee(info, e).(*types.Func)
		if fn == nil {
			return origin{}
		}
		switch {
		case isFunc(fn, "os", "Getenv", "LookupEnv") || isFunc(fn, "syscall", "Getenv"):
			name := ""
			if len(e.Args) == 1 {
				name, _ = u.constString(e.Args[0])
			}
			return origin{kind: envOrigin, name: name}
		case isFunc(fn, "os", "ReadFile") || isFunc(fn, "io", "ReadAll") || isFunc(fn, "io/ioutil", "ReadFile", "ReadAll") ||
			isMethod(fn, "bufio", "Reader", "ReadString", "ReadBytes"):
			// Whole files and bodies end with a newline; ReadString('\n')
			// keeps the one it stops at.
			return origin{kind: readOrigin, untrimmed: true}
		case isTrim(fn):
			if len(e.Args) == 0 {
				return origin{}
			}
			o := u.originOf(e.Args[0], seen)
			o.untrimmed = false
			return o
		}
		return origin{kind: nameOrigin, name: fn.Name()} // cfg.APIKey(), loadToken()
	case *ast.SelectorExpr:
		return origin{kind: nameOrigin, name: e.Sel.Name} // cfg.CudoAPIKey, pkg.Token
	case *ast.Ident:
		if v, ok := info.ObjectOf(e).(*types.Var); ok {
			return u.varOrigin(v, e.Name, seen)
		}
	}
	return origin{}
}

// varOrigin combines the origins of every value assigned to v.
func (u *unit) varOrigin(v *types.Var, name string, seen map[*types.Var]bool) origin {
	if seen[v] {
		return origin{kind: selfOrigin, untrimmed: true}
	}
	as := u.flowIndex().assigns[v]
	if len(as) == 0 || len(seen) >= maxFlowDepth {
		return origin{kind: nameOrigin, name: name} // a parameter, or a variable set elsewhere
	}
	seen[v] = true
	defer delete(seen, v)
	o := origin{kind: selfOrigin, untrimmed: true}
	for _, a := range as {
		var ao origin
		if a.rhs != nil && a.index <= 0 {
			ao = u.originOf(a.rhs, seen)
		}
		o.untrimmed = o.untrimmed && ao.untrimmed
		switch {
		case ao.kind == selfOrigin:
			// k = strings.TrimSpace(k) changes whether k is trimmed, not
			// where it comes from.
		case o.kind == selfOrigin:
			o.kind, o.name = ao.kind, ao.name
		case ao.kind != o.kind || ao.name != o.name:
			o.kind, o.name = unknownOrigin, ""
		}
	}
	if o.kind == unknownOrigin || o.kind == selfOrigin {
		o.kind, o.name = nameOrigin, name
	}
	return o
}

// isFunc reports whether fn is one of the named package-level functions of
// the package at pkgPath.
func isFunc(fn *types.Func, pkgPath string, names ...string) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != pkgPath || fn.Signature().Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isMethod reports whether fn is one of the named methods of the type
// pkgPath.typeName (or a pointer to it).
func isMethod(fn *types.Func, pkgPath, typeName string, names ...string) bool {
	recv := fn.Signature().Recv()
	if recv == nil || !isNamed(recv.Type(), pkgPath, typeName) {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isTrim reports whether fn removes trailing whitespace from its first
// argument.
func isTrim(fn *types.Func) bool {
	trims := []string{"TrimSpace", "Trim", "TrimRight", "TrimSuffix", "TrimFunc", "TrimRightFunc"}
	return isFunc(fn, "strings", trims...) || isFunc(fn, "bytes", trims...)
}

package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// part is one piece of an Authorization header value, in order: constant
// text, or a value computed at run time and what the data flow knows of it.
type part struct {
	// expr is where the piece is written: the constant or the run-time
	// expression; for the text of a Sprintf format, the format argument.
	expr   ast.Expr
	konst  bool
	text   string // the constant text
	origin origin
}

// parts splits a header value into its pieces: the operands of +, the
// text and arguments of fmt.Sprintf, and the value of a variable assigned
// once from such an expression (auth := "Bearer" + key).
func (u *unit) parts(e ast.Expr, seen map[*types.Var]bool) []part {
	if s, ok := u.constString(e); ok {
		return []part{{expr: e, konst: true, text: s}}
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return append(u.parts(x.X, seen), u.parts(x.Y, seen)...)
		}
	case *ast.CallExpr:
		if ps, ok := u.sprintfParts(x, seen); ok {
			return ps
		}
	case *ast.Ident:
		if v, rhs := u.onlyValue(x, seen); rhs != nil && u.isBuilt(rhs) {
			seen[v] = true
			defer delete(seen, v)
			return u.parts(rhs, seen)
		}
	}
	return []part{{expr: e, origin: u.originOf(e, seen)}}
}

// onlyValue returns the variable id refers to and the one value it is ever
// given, or nil when it has several, none or an unknown one.
func (u *unit) onlyValue(id *ast.Ident, seen map[*types.Var]bool) (*types.Var, ast.Expr) {
	v, ok := u.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || seen[v] || len(seen) >= maxFlowDepth {
		return nil, nil
	}
	as := u.flowIndex().assigns[v]
	if len(as) != 1 || as[0].index >= 0 {
		return nil, nil
	}
	return v, as[0].rhs
}

// isBuilt reports whether e builds a string from pieces: a + or a Sprintf.
func (u *unit) isBuilt(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		return x.Op == token.ADD
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(u.pass.TypesInfo, x).(*types.Func)
		return fn != nil && isFunc(fn, "fmt", "Sprintf")
	}
	return false
}

// sprintfParts splits fmt.Sprintf(format, args...) into the text of its
// format and the arguments its %s and %v verbs print. ok is false for other
// calls and for formats it does not follow (argument indexes, * widths).
func (u *unit) sprintfParts(call *ast.CallExpr, seen map[*types.Var]bool) ([]part, bool) {
	fn, _ := typeutil.Callee(u.pass.TypesInfo, call).(*types.Func)
	if fn == nil || !isFunc(fn, "fmt", "Sprintf") || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return nil, false
	}
	format, ok := u.constString(call.Args[0])
	if !ok {
		return nil, false
	}
	segs, ok := parseFormat(format)
	if !ok {
		return nil, false
	}
	args := call.Args[1:]
	var ps []part
	for _, s := range segs {
		switch {
		case s.verb == 0:
			ps = append(ps, part{expr: call.Args[0], konst: true, text: s.text})
		case s.arg >= len(args):
			return nil, false // a vet printf error; not ours to guess
		case s.verb == 's' || s.verb == 'v':
			ps = append(ps, u.parts(args[s.arg], seen)...)
		default:
			ps = append(ps, part{expr: args[s.arg]})
		}
	}
	return ps, true
}

// formatSeg is a piece of a printf format: text, or a verb and the index
// of the argument it prints.
type formatSeg struct {
	text string
	verb byte
	arg  int
}

// parseFormat splits a printf format into text and verbs.
func parseFormat(format string) ([]formatSeg, bool) {
	var segs []formatSeg
	var text []byte
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			text = append(text, format[i])
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i >= len(format) || format[i] == '[' || format[i] == '*' {
			return nil, false
		}
		if format[i] == '%' {
			text = append(text, '%')
			continue
		}
		if len(text) > 0 {
			segs = append(segs, formatSeg{text: string(text)})
			text = text[:0]
		}
		segs = append(segs, formatSeg{verb: format[i], arg: arg})
		arg++
	}
	if len(text) > 0 {
		segs = append(segs, formatSeg{text: string(text)})
	}
	return segs, true
}

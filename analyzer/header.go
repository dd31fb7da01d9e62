package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cudoscan/cudoscan/rules"
)

// checkHeaders finds the values the package sends as Authorization headers
// and checks each one.
func (u *unit) checkHeaders() {
	for _, f := range u.files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				u.checkCall(n)
			case *ast.CompositeLit:
				if u.isHeaderMap(u.pass.TypesInfo.TypeOf(n)) {
					u.checkMapLiteral(n, true)
				}
			case *ast.AssignStmt:
				u.checkIndexAssign(n)
			}
			return true
		})
	}
}

// checkCall checks Header.Set/Add("Authorization", v) and the gRPC
// metadata constructors.
func (u *unit) checkCall(call *ast.CallExpr) {
	fn, _ := typeutil.Callee(u.pass.TypesInfo, call).(*types.Func)
	if fn == nil || call.Ellipsis.IsValid() {
		return // f(kv...) hides its pairs
	}
	args := call.Args
	switch {
	case isMethod(fn, "net/http", "Header", "Set", "Add"):
		if len(args) == 2 && u.isAuthKey(args[0]) {
			u.checkValue(args[1])
		}
	case isMetadataFunc(fn, "Pairs"):
		u.checkPairs(args)
	case isMetadataFunc(fn, "AppendToOutgoingContext"):
		if len(args) > 0 {
			u.checkPairs(args[1:])
		}
	case isMetadataFunc(fn, "New"):
		if len(args) == 1 {
			if lit, ok := ast.Unparen(args[0]).(*ast.CompositeLit); ok {
				u.checkMapLiteral(lit, false) // map[string]string{"authorization": v}
			}
		}
	}
}

// checkPairs checks the values of the "authorization" keys in a list of
// alternating keys and values.
func (u *unit) checkPairs(kv []ast.Expr) {
	for i := 0; i+1 < len(kv); i += 2 {
		if u.isAuthKey(kv[i]) {
			u.checkValue(kv[i+1])
		}
	}
}

// checkMapLiteral checks the Authorization entries of a header map
// literal. multi says each entry holds a list of values (http.Header,
// metadata.MD) rather than one.
func (u *unit) checkMapLiteral(lit *ast.CompositeLit, multi bool) {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok || !u.isAuthKey(kv.Key) {
			continue
		}
		if !multi {
			u.checkValue(kv.Value)
			continue
		}
		if vs, ok := ast.Unparen(kv.Value).(*ast.CompositeLit); ok {
			for _, v := range vs.Elts {
				u.checkValue(v)
			}
		}
	}
}

// checkIndexAssign checks h["Authorization"] = []string{v}.
func (u *unit) checkIndexAssign(as *ast.AssignStmt) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, l := range as.Lhs {
		ix, ok := l.(*ast.IndexExpr)
		if !ok || !u.isHeaderMap(u.pass.TypesInfo.TypeOf(ix.X)) || !u.isAuthKey(ix.Index) {
			continue
		}
		if vs, ok := ast.Unparen(as.Rhs[i]).(*ast.CompositeLit); ok {
			for _, v := range vs.Elts {
				u.checkValue(v)
			}
		}
	}
}

// checkValue reports what is wrong with v, a value sent as an
// Authorization header.
func (u *unit) checkValue(v ast.Expr) {
	ps := u.parts(v, map[*types.Var]bool{})
	for _, p := range ps {
		if p.konst {
			for _, at := range keysIn(p.text) {
				u.hdrKey[p.text[at:at+rules.KeyLen]] = true
			}
		}
	}
	n, lead := 0, ""
	for n < len(ps) && ps[n].konst {
		lead += ps[n].text
		n++
	}
	trimmed := -1 // the part whose missing trim is already reported
	switch {
	case hasPrefixFold(lead, "bearer"):
		rest := lead[len("bearer"):]
		switch {
		case (rest == "" && n < len(ps)) || (rest != "" && rest[0] != ' '):
			u.missingSpace(ps[0].expr)
		case strings.HasPrefix(rest, "  ") && (n < len(ps) || strings.TrimSpace(rest) != ""):
			u.atScheme(ps[0].expr, "bearer", rules.KindDoubleSpace)
		}
	case wrongScheme(lead) != "" && (n < len(ps) || len(strings.TrimSpace(lead)) > len(wrongScheme(lead))):
		// "Token "+key, or a constant scheme joined to any expression.
		u.atScheme(ps[0].expr, wrongScheme(lead), rules.KindWrongScheme)
	case n == 0 && ps[0].origin.credential():
		trim := ps[0].origin.untrimmed
		msg := rules.HeaderMessage(rules.KindNoScheme)
		if trim {
			msg += "; the key is also read from a file and never trimmed"
			trimmed = 0
		}
		u.add(v.Pos(), v.End(), rules.RuleAuthHeader, rules.KindNoScheme, msg, "", u.bearerFix(v, trim))
	case n == len(ps) && len(keysIn(strings.TrimSpace(lead))) == 1 && len(strings.TrimSpace(lead)) == rules.KeyLen:
		// The whole value is a constant key. No fix: the key must leave
		// the code first, and its own diagnostic offers that.
		u.add(v.Pos(), v.End(), rules.RuleAuthHeader, rules.KindNoScheme, rules.HeaderMessage(rules.KindNoScheme),
			strings.TrimSpace(lead), nil)
	}
	for i, p := range ps {
		if i != trimmed && !p.konst && p.origin.untrimmed {
			u.add(p.expr.Pos(), p.expr.End(), rules.RuleAuthHeader, rules.KindWhitespace,
				rules.HeaderMessage(rules.KindWhitespace), "", u.trimFix(p.expr))
		}
	}
}

// missingSpace reports "Bearer" glued to what follows it. e is the
// constant that starts the value; the report goes to the B of the scheme
// in the literal that writes it, where the core reports the same problem.
func (u *unit) missingSpace(e ast.Expr) {
	lit := leftmostLiteral(e)
	if lit == nil {
		u.add(e.Pos(), e.End(), rules.RuleAuthHeader, rules.KindMissingSpace, rules.HeaderMessage(rules.KindMissingSpace), "", nil)
		return
	}
	i := indexFold(lit.Value, "bearer")
	if i < 0 {
		u.add(lit.Pos(), lit.End(), rules.RuleAuthHeader, rules.KindMissingSpace, rules.HeaderMessage(rules.KindMissingSpace), "", nil)
		return
	}
	b := lit.Pos() + token.Pos(i)
	fixes := spaceFix(b)
	if value, err := strconv.Unquote(lit.Value); err != nil || len(keysIn(value)) > 0 {
		fixes = nil // the key's own fix rewrites this literal, space included
	}
	u.add(b, b+token.Pos(len("Bearer")), rules.RuleAuthHeader, rules.KindMissingSpace, rules.HeaderMessage(rules.KindMissingSpace), "", fixes)
}

// atScheme reports kind at the scheme word written at the start of e: in
// the literal that writes it, where the core reports the same problem, or
// at e when the scheme comes from a constant declared elsewhere.
func (u *unit) atScheme(e ast.Expr, scheme, kind string) {
	pos, end := e.Pos(), e.End()
	if lit := leftmostLiteral(e); lit != nil {
		if i := indexFold(lit.Value, scheme); i >= 0 {
			pos = lit.Pos() + token.Pos(i)
			end = pos + token.Pos(len(scheme))
		}
	}
	u.add(pos, end, rules.RuleAuthHeader, kind, rules.HeaderMessage(kind), "", nil)
}

// wrongScheme returns the scheme word other than Bearer that starts a
// header value followed by a space (Token, Basic, Api-Key), or "".
func wrongScheme(lead string) string {
	word, _, ok := strings.Cut(lead, " ")
	if !ok || !rules.IsWrongScheme(word) {
		return ""
	}
	return word
}

// leftmostLiteral returns the string literal that starts e, if any.
func leftmostLiteral(e ast.Expr) *ast.BasicLit {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				return x
			}
			return nil
		case *ast.BinaryExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// isAuthKey reports whether e is the constant "Authorization", in any case
// (net/http canonicalizes header names; gRPC lowercases metadata keys).
func (u *unit) isAuthKey(e ast.Expr) bool {
	s, ok := u.constString(e)
	return ok && strings.EqualFold(s, "Authorization")
}

// grpcMetadata is the import path of gRPC's metadata package.
const grpcMetadata = "google.golang.org/grpc/metadata"

// isMetadataPkg reports whether pkg is gRPC's metadata package: by path,
// vendored or not, or by name, so that a copy or a stub (as in tests) counts.
func isMetadataPkg(pkg *types.Package) bool {
	return pkg != nil && (pkg.Path() == grpcMetadata || strings.HasSuffix(pkg.Path(), "/"+grpcMetadata) || pkg.Name() == "metadata")
}

func isMetadataFunc(fn *types.Func, name string) bool {
	return fn.Name() == name && fn.Signature().Recv() == nil && isMetadataPkg(fn.Pkg())
}

// isHeaderMap reports whether t is http.Header or metadata.MD.
func (u *unit) isHeaderMap(t types.Type) bool {
	if t == nil {
		return false
	}
	if isNamed(t, "net/http", "Header") {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "MD" && isMetadataPkg(n.Obj().Pkg())
}

// isNamed reports whether t is the named type pkgPath.name.
func isNamed(t types.Type, pkgPath, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == name && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkgPath
}

// Package analyzer defines cudovet, a go/analysis analyzer that finds leaked
// CUDO Compute API keys and malformed Authorization headers in Go packages.
//
// It runs the detection core of package rules over the bytes of every Go
// file of a package, as the cudoscan scanner does, and reports what the core
// finds at the same file:line:col. It then adds what only a type checker can
// see, in packages that talk to CUDO (a file names CUDO, a CUDO host or a
// CUDO key variable):
//
//   - keys in the folded value of string constants: a key split across
//     constants (const a = "..."; const b = a + "..."), typed constants,
//     "Bearer " + keyConst;
//   - Authorization headers CUDO answers with 401: http.Header Set and Add
//     calls, http.Header literals and gRPC metadata whose value lacks the
//     Bearer scheme, glues "Bearer" to the key, or carries a key read from a
//     file and never trimmed.
//
// Suggested fixes move a hard-coded key to os.Getenv("CUDO_API_KEY"), add the
// missing "Bearer " or space, and trim keys read from files; cudovet -fix
// applies them. A cudoscan:allow comment that gives a reason, on a finding's
// line or the line before, suppresses it for this analyzer and the scanner
// alike.
//
// The analyzer reads files only through Pass.ReadFile and never uses the
// network. Diagnostics never contain a whole key.
package analyzer

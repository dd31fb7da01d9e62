// Package finding holds what every part of cudoscan passes around once the
// detection core has placed a match in a file: the Finding, the Stats of a
// run and the Verdict of verifying a key.
//
// It is neutral ground. The walkers (scanner, scanner/gitscan) produce
// findings, the policy layer suppresses and verifies them, and the writers
// (report, baseline) print or record them; none of those needs another to
// speak the same types, so report and baseline import neither a walker nor
// net/http.
package finding

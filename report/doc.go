// Package report writes scan results: text for people (colored only on a
// terminal), JSON for programs, SARIF 2.1.0 for code scanning and GitHub
// Actions workflow commands for annotations. It is the only package that
// knows about color, and it redacts every secret unless asked not to (SARIF
// and GitHub annotations, meant to be published, never carry one).
package report

// Package report writes scan results: text for people (colored only on a
// terminal), JSON for programs. It is the only package that knows about
// color, and it redacts every secret unless asked not to.
package report

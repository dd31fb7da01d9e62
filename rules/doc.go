// Package rules decides what is a CUDO Compute credential and what is a
// malformed Authorization header.
//
// It is the one detection core shared by every driver: the cudoscan file
// scanner, the git modes and the cudovet analyzer. It is pure: bytes go in,
// matches with byte offsets come out. It does no I/O, keeps no state between
// calls and is safe for concurrent use. Line and column maths belongs to the
// drivers, so that every driver computes positions the same way.
//
// Speed matters because the scanner runs the core over every byte of a
// tree. The core never runs a regular expression over a whole file: it looks
// for CUDO mentions with a vectorised substring search, samples bytes at a
// stride to find 64-hex runs, and only then inspects a small window of
// context around each candidate.
package rules

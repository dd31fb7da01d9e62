// Package gitpack reads objects straight from a repository's pack files
// (index version 2).
//
// It exists for speed. A history scan reads every blob of every commit;
// through `git cat-file --batch` each one is inflated in one of a few git
// processes and then copied through a pipe. Here the workers inflate in
// parallel in the scanning process, share one cache of delta bases, and
// copy nothing.
//
// It is a reader for the common case, not a git: what it does not read (a
// loose object, an object in an alternate object directory, a pack
// written after Open, a pack index of version 1) is ErrNotFound, and the
// caller asks git. It never writes to the repository.
//
// Every length and offset it reads comes from files the repository's
// owner controls, so each is checked before use: a damaged or hostile
// pack is an error naming the pack, never a panic or an unbounded
// allocation.
package gitpack

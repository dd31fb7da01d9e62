package gitscan

import (
	"context"
	"strings"
)

// emptyTrees are the names of the empty tree by hash algorithm. Every git
// knows this object without storing it, so a diff against it works in
// any repository, and its name is fixed: no need to ask git for it.
var emptyTrees = map[string]string{
	"sha1":   "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
	"sha256": "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321",
}

// emptyTree returns the name of the empty tree in the repository's hash
// algorithm. For one it does not know (a git older than 2.28 does not say
// which; a future algorithm), git computes it: hash-object without -w
// writes nothing.
func (r *Repo) emptyTree(ctx context.Context) (string, error) {
	if oid, ok := emptyTrees[r.objectFormat]; ok {
		return oid, nil
	}
	out, err := r.output(ctx, "hash-object", "-t", "tree", "--stdin")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

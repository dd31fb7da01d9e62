package gitscan

// ReadBlobsThroughGit makes every blob of r's scans come from git
// cat-file, as before the pack reader: what the tests compare it with.
func ReadBlobsThroughGit(r *Repo) { r.gitOnly = true }

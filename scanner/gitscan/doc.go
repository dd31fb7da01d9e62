// Package gitscan scans what git holds: the index (what the next commit
// would contain) and the history (every blob reachable from the refs),
// and installs the native pre-commit and pre-push hooks; for the latter it
// works out from git's ref lines which commits a push sends.
//
// It talks to the git found on PATH through plumbing that never writes:
// diff-index, ls-files, log, rev-list, for-each-ref, cat-file
// --batch-check and one `cat-file --batch` per worker, with -z wherever
// paths are printed, GIT_OPTIONAL_LOCKS=0 (so git never refreshes the
// index behind our back), LC_ALL=C, no terminal prompt and no transport,
// and with the config keys off that would let a repository's own config
// make these commands run a program (configOverrides).
// Nothing here changes the index, the work tree, the refs or the config;
// InstallHook writes one file, the hook, and nothing else.
//
// Blobs are streamed from cat-file straight into the scanner's fixed
// per-worker buffer, so memory does not grow with blob sizes; each worker
// has its own cat-file process, so git's decompression runs in parallel
// with the scanning. A staged scan starts one worker per 64 blobs, up to
// the jobs: for a few files a second process costs more than it saves. Paths in findings are slash paths relative to the
// top of the work tree, as git prints them, whatever the directory the
// command was started in.
package gitscan

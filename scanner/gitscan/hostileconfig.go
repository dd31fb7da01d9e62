package gitscan

// configOverrides go before the arguments of every git command. A
// repository's own config (.git/config) is not the user's to trust: a
// repository cloned, unpacked or mounted from elsewhere can set keys that
// make git run programs it names, and the Docker image marks every
// directory safe, so git reads any repository's config there. Given with
// -c, these win over every config file, on every git version. Each turns
// off a key that a command of this package honours:
//
//   - core.fsmonitor: a command, run through the shell, that git asks
//     which files changed whenever it reads the index: diff-index --cached
//     (the staged scan) and ls-files (--all, a merge in progress) both ran
//     it (git 2.39). Set to true on macOS and Windows, it starts a daemon
//     that stays and writes in the git directory.
//   - log.showSignature: every git log then verifies signed commits with
//     gpg.program (or gpg.ssh.program, gpg.x509.program), commands the
//     config names; the history scan's walk of the stash reflog ran it.
//
// Left alone, since nothing here reaches them: textconv and external diff
// drivers run only to make patches, which no command here asks for (git
// log also gets --no-textconv --no-ext-diff); hooks run for commits,
// merges and pushes, not for plumbing; the pager runs only on a terminal;
// core.untrackedCache, core.splitIndex and the like change the index only
// when a command writes it, and none here does (GIT_OPTIONAL_LOCKS=0 keeps
// even a refresh from writing). core.sshCommand, core.askPass, credential
// and remote helpers run only for a transport, which gitEnv refuses.
var configOverrides = []string{"-c", "core.fsmonitor=false", "-c", "log.showSignature=false"}

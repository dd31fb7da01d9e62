# shellcheck shell=bash
# Helpers shared by .ci/run and the scripts it calls; source it.

# readme_block MARKER prints the fenced block that follows the README line
# holding MARKER (an HTML comment such as <!-- .golangci.yml -->): the CI
# steps run what the README tells users to copy, not a copy of it.
readme_block() {
	awk -v m="$1" 'index($0, m) { on = 1; next } on && /^```/ { if (in_) exit; in_ = 1; next } in_ { print }' README.md
}

# random_key prints a fresh CUDO-shaped key (64 hex): generated at run
# time, so nothing key-shaped is committed.
random_key() {
	od -An -tx1 -N32 /dev/urandom | tr -d ' \n'
}

#!/usr/bin/env bash
# The GitHub Action's work (action.yml runs it in the repository's
# directory): find the commits of the push, pull request or merge group,
# refuse a checkout that lacks them, install cudoscan at the action's
# version, and scan those commits with `cudoscan history`, writing
# annotations (--format github) and SARIF (--sarif) from one scan. Exits
# with cudoscan's code (0 clean, 1 findings, 2 error, 3 live key) and
# records it, and the SARIF file, in $GITHUB_OUTPUT.
#
# It reads only its environment: GitHub's variables (GITHUB_EVENT_NAME,
# GITHUB_REF, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP) and what
# action.yml maps into it (INPUT_*, PUSH_*, PR_*, MERGE_GROUP_*,
# DEFAULT_BRANCH, ACTION_REF). So it runs anywhere bash, git and Go do;
# the tests run it on local repositories with those variables set.
set -euo pipefail

zero=0000000000000000000000000000000000000000

# record NAME VALUE appends an output of the step.
record() {
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		echo "$1=$2" >>"$GITHUB_OUTPUT"
	fi
}

# fail MESSAGE stops with exit 2 (cudoscan's "could not scan"), as an
# error annotation.
fail() {
	echo "::error title=cudoscan::$*"
	record exit-code 2
	exit 2
}

notice() { echo "::notice title=cudoscan::$*"; }

# is_commit REV: REV is set, not all zeros (GitHub's "no commit"), and a
# commit (or a tag of one) in this repository.
is_commit() {
	[ -n "$1" ] && [ "$1" != "$zero" ] && git cat-file -e "$1^{commit}" 2>/dev/null
}

git rev-parse --git-dir >/dev/null 2>&1 ||
	fail "$PWD is not a git repository: run actions/checkout (with fetch-depth: 0) before cudoscan"
if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
	fail "the checkout is shallow (actions/checkout fetches one commit unless told otherwise), so the commits to scan are not all here: set 'fetch-depth: 0' on actions/checkout"
fi

# push_revs sets revs to the pushed commits.
push_revs() {
	if [ "${PUSH_DELETED:-}" = true ] || [ "${PUSH_AFTER:-}" = "$zero" ]; then
		notice "the push deleted ${GITHUB_REF:-a ref}: there is no commit to scan"
		record exit-code 0
		exit 0
	fi
	is_commit "${PUSH_AFTER:-}" ||
		fail "the pushed commit ${PUSH_AFTER:-(none in the event)} is not in the checkout: check out the pushed ref with fetch-depth: 0"
	if is_commit "${PUSH_BEFORE:-}"; then
		revs=("$PUSH_BEFORE..$PUSH_AFTER")
		return
	fi
	# A new branch or tag (before is all zeros), or a forced push from a
	# commit the clone does not have: scan what the default branch does
	# not already hold, or all of it when there is no other branch.
	local base="refs/remotes/origin/${DEFAULT_BRANCH:-}"
	if [ -n "${DEFAULT_BRANCH:-}" ] && [ "${GITHUB_REF:-}" != "refs/heads/$DEFAULT_BRANCH" ] &&
		git rev-parse -q --verify "$base^{commit}" >/dev/null; then
		notice "${GITHUB_REF:-the ref} is new (or was forced): scanning its commits that $DEFAULT_BRANCH does not have"
		revs=("$PUSH_AFTER" "^$base")
	else
		notice "${GITHUB_REF:-the ref} is new (or was forced): scanning every commit it reaches"
		revs=("$PUSH_AFTER")
	fi
}

# range_revs BASE HEAD WHAT sets revs to the commits of HEAD that BASE
# does not have.
range_revs() {
	is_commit "$2" || fail "the $3's head commit ${2:-(none in the event)} is not in the checkout: use actions/checkout with fetch-depth: 0"
	is_commit "$1" || fail "the $3's base commit ${1:-(none in the event)} is not in the checkout: use actions/checkout with fetch-depth: 0"
	revs=("$1..$2")
}

revs=()
if [ -n "${INPUT_RANGE:-}" ]; then
	read -r -a revs <<<"$INPUT_RANGE"
else
	case "${GITHUB_EVENT_NAME:-}" in
	push) push_revs ;;
	pull_request | pull_request_target) range_revs "${PR_BASE:-}" "${PR_HEAD:-}" "pull request" ;;
	merge_group) range_revs "${MERGE_GROUP_BASE:-}" "${MERGE_GROUP_HEAD:-}" "merge group" ;;
	*) notice "event ${GITHUB_EVENT_NAME:-(none)}: scanning the history of every ref" ;;
	esac
fi

tmp="${RUNNER_TEMP:-}"
if [ -z "$tmp" ]; then
	tmp="$(mktemp -d)"
fi
if [ "${INPUT_INSTALL:-true}" = true ]; then
	version="${INPUT_VERSION:-}"
	[ -n "$version" ] || version="${ACTION_REF:-}"
	[ -n "$version" ] || version=latest
	GOBIN="$tmp/cudoscan-bin" go install "github.com/cudoscan/cudoscan/cmd/cudoscan@$version" ||
		fail "go install github.com/cudoscan/cudoscan/cmd/cudoscan@$version failed (see above)"
	cudoscan="$tmp/cudoscan-bin/cudoscan"
else
	cudoscan="$(command -v cudoscan)" || fail "install is false and there is no cudoscan on PATH"
fi
"$cudoscan" version

sarif="${INPUT_SARIF_FILE:-$tmp/cudoscan.sarif}"
args=(history --format github --sarif "$sarif")
if [ -n "${INPUT_CONFIG:-}" ]; then
	args+=(--config "$INPUT_CONFIG")
fi
if [ -n "${INPUT_ARGS:-}" ]; then
	read -r -a extra <<<"$INPUT_ARGS"
	args+=("${extra[@]}")
fi

summary="$tmp/cudoscan-summary.txt"
set +e
# ${revs[@]+...}: no revisions (every ref) is an empty array, which bash
# before 4.4 (macOS's /bin/bash) calls unbound under set -u.
"$cudoscan" "${args[@]}" ${revs[@]+"${revs[@]}"} 2>"$summary"
code=$?
set -e
cat "$summary" >&2
record exit-code "$code"
if [ -f "$sarif" ]; then
	record sarif-file "$sarif"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	{
		echo "### cudoscan"
		echo
		echo '```'
		cat "$summary"
		echo '```'
	} >>"$GITHUB_STEP_SUMMARY"
fi
exit "$code"

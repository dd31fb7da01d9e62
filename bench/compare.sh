#!/usr/bin/env bash
# bench/compare.sh: cudoscan side by side with gitleaks and ripgrep (issue 7).
#
# On a fresh Debian machine with Go, it builds cudoscan, installs what it
# compares against, prepares the corpora under a work directory, times every
# tool on every corpus with hyperfine, checks that cudoscan finds every
# planted key, and prints a Markdown table (also written to
# $WORK/results.md). See bench/README.md for what is measured and why.
#
#   bench/compare.sh [--smoke] [--work DIR] [--out FILE] [--no-cold] [--no-gobench]
#
# --smoke runs in seconds: tiny corpora, one run each, cudoscan against rg
# (and gitleaks only if it is already installed); no timing is asserted,
# but a missed planted key fails the run; a tool that cannot be installed
# is noted and done without. The exit code is 0 when every detection check
# passes, 1 when one fails, 2 when the harness itself fails.
set -Eeuo pipefail
trap 'echo "compare.sh: failed at line $LINENO: $BASH_COMMAND" >&2; exit 2' ERR

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GITLEAKS_MOD=github.com/zricethezav/gitleaks/v8
GITLEAKS_VERSION=v8.30.1
BENCHSTAT=golang.org/x/perf/cmd/benchstat@latest

# The module-cache corpus: popular modules at fixed versions, fetched
# through the Go module proxy so any machine gets the same bytes.
MODCACHE_MODULES=(
	golang.org/x/tools@v0.28.0 golang.org/x/net@v0.33.0 golang.org/x/sys@v0.28.0
	golang.org/x/text@v0.21.0 golang.org/x/crypto@v0.31.0
	google.golang.org/grpc@v1.69.2 google.golang.org/protobuf@v1.36.1
	github.com/aws/aws-sdk-go@v1.55.5
	k8s.io/api@v0.32.0 k8s.io/apimachinery@v0.32.0 k8s.io/client-go@v0.32.0
	github.com/spf13/cobra@v1.8.1 github.com/gin-gonic/gin@v1.10.0
	github.com/prometheus/client_golang@v1.20.5
	github.com/hashicorp/terraform-plugin-sdk/v2@v2.35.0
	github.com/stretchr/testify@v1.10.0
)

SMOKE=0
COLD=1
GOBENCH=1
WORK=""
OUT=""

usage() {
	sed -n '2,/^set -/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
}

parse_args() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--smoke) SMOKE=1 ;;
		--work) WORK="$2"; shift ;;
		--out) OUT="$2"; shift ;;
		--no-cold) COLD=0 ;;
		--no-gobench) GOBENCH=0 ;;
		-h | --help) usage ;;
		*) echo "compare.sh: unknown argument $1" >&2; usage ;;
		esac
		shift
	done
	if [ -z "$WORK" ]; then
		WORK="${TMPDIR:-/tmp}/cudoscan-bench"
		[ "$SMOKE" = 1 ] && WORK="$WORK-smoke"
	fi
	mkdir -p "$WORK"
	WORK="$(cd "$WORK" && pwd)"
	BIN="$WORK/bin"
	CORPORA="$WORK/corpora"
	RES="$WORK/results"
	# hyperfine settings: fast tools get more runs than slow ones.
	if [ "$SMOKE" = 1 ]; then
		WARMUP=0 RUNS_FAST=1 RUNS_SLOW=1 RUNS_VET=1 COLD=0
	else
		WARMUP=1 RUNS_FAST=10 RUNS_SLOW=5 RUNS_VET=3 RUNS_COLD=5 RUNS_COLD_SLOW=3
	fi
}

say() { printf '\n=== %s\n' "$*" >&2; }
note() {
	echo "$*" >>"$RES/notes.txt"
	echo "note: $*" >&2
}

# apt_install CMD PACKAGE installs PACKAGE from Debian when CMD is missing.
apt_install() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "installing $2 from Debian" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q "$2" >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
}

# need CMD PACKAGE installs PACKAGE when CMD is missing. A full run cannot
# go on without it; a smoke run notes it and does without (CI must not
# fail because a mirror is down).
need() {
	apt_install "$1" "$2" || true
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$SMOKE" = 1 ]; then
		note "smoke: $2 could not be installed; what needs it is skipped"
		return 0
	fi
	echo "compare.sh: $2 is required and could not be installed" >&2
	exit 2
}

install_debian_tools() {
	say "tools from Debian"
	need git git
	need rg ripgrep
	need hyperfine hyperfine
	# GNU time, not the shell keyword: it reports peak RSS (%M).
	need /usr/bin/time time
	HAVE_RG=0 HAVE_HYPERFINE=0 HAVE_TIME=0
	command -v rg >/dev/null 2>&1 && HAVE_RG=1 && rg --version | awk 'NR == 1' >&2
	command -v hyperfine >/dev/null 2>&1 && HAVE_HYPERFINE=1 && hyperfine --version >&2
	[ -x /usr/bin/time ] && HAVE_TIME=1
	return 0
}

# install_gitleaks DIR [TAGS] installs gitleaks at the pinned version into
# DIR, unless it is already there.
install_gitleaks() {
	local dir="$1" tags="${2:-}"
	if [ -x "$dir/gitleaks" ] && go version -m "$dir/gitleaks" | grep -q "mod.*$GITLEAKS_MOD.*$GITLEAKS_VERSION"; then
		return 0
	fi
	echo "go install $GITLEAKS_MOD@$GITLEAKS_VERSION ${tags:+-tags $tags} -> $dir" >&2
	# Outside the repository, so our go.mod plays no part.
	(cd "$WORK" && GOBIN="$dir" go install ${tags:+-tags "$tags"} "$GITLEAKS_MOD@$GITLEAKS_VERSION")
}

# setup_gitleaks sets GL_STD and GL_RE2 to the two builds, or leaves them
# empty when the smoke mode finds none installed.
setup_gitleaks() {
	GL_STD="" GL_RE2=""
	if [ "$SMOKE" = 1 ]; then
		# Never installed here: a full run's build, or one on PATH.
		local full="${TMPDIR:-/tmp}/cudoscan-bench/gl-re2/gitleaks"
		if [ -x "$full" ]; then
			GL_RE2="$full"
		elif command -v gitleaks >/dev/null 2>&1; then
			GL_RE2="$(command -v gitleaks)"
		else
			note "smoke: gitleaks is not installed; its rows are skipped"
		fi
		return 0
	fi
	say "gitleaks $GITLEAKS_VERSION (two builds)"
	install_gitleaks "$WORK/gl"
	install_gitleaks "$WORK/gl-re2" gore2regex
	GL_STD="$WORK/gl/gitleaks" GL_RE2="$WORK/gl-re2/gitleaks"
}

# build_ours builds cudoscan and benchtool, and cudovet when it builds, and
# finds out whether cudoscan has its git modes yet. Missing pieces turn
# into skipped rows, with a note saying why.
build_ours() {
	say "building cudoscan"
	mkdir -p "$BIN"
	(cd "$REPO" && go build -o "$BIN/cudoscan" ./cmd/cudoscan)
	(cd "$REPO" && go build -o "$BIN/benchtool" ./bench/benchtool)
	[ "$SMOKE" = 1 ] || (cd "$REPO" && go build -o "$BIN/noopvet" ./bench/noopvet)
	HAVE_CUDOVET=0
	if [ "$SMOKE" = 0 ]; then
		if (cd "$REPO" && go build -o "$BIN/cudovet" ./cmd/cudovet) 2>"$WORK/cudovet-build.log"; then
			HAVE_CUDOVET=1
		else
			note "cudovet does not build yet (cmd/cudovet); the go vet rows are skipped: $(head -c 300 "$WORK/cudovet-build.log" | tr '\n' ' ')"
		fi
	fi
	HAVE_STAGED=0 HAVE_HISTORY=0
	"$BIN/cudoscan" staged -h >/dev/null 2>&1 && HAVE_STAGED=1
	"$BIN/cudoscan" history -h >/dev/null 2>&1 && HAVE_HISTORY=1
	[ "$HAVE_STAGED" = 1 ] || note "cudoscan has no 'staged' command yet (scanner/gitscan, cmd/cudoscan/staged.go): cudoscan staged rows are skipped"
	[ "$HAVE_HISTORY" = 1 ] || note "cudoscan has no 'history' command yet (scanner/gitscan, cmd/cudoscan/history.go): cudoscan history rows are skipped"
	return 0
}

# probe_cold decides whether cold-cache runs are possible: dropping the
# page cache needs root and a writable /proc/sys.
probe_cold() {
	CAN_COLD=0
	[ "$COLD" = 1 ] || { COLD_DESC="not run (--no-cold or --smoke)"; return 0; }
	printf '#!/bin/sh\nsync && echo 3 >/proc/sys/vm/drop_caches\n' >"$BIN/drop-caches"
	chmod +x "$BIN/drop-caches"
	if "$BIN/drop-caches" 2>/dev/null; then
		CAN_COLD=1
		COLD_DESC="page cache dropped (sync; echo 3 > /proc/sys/vm/drop_caches) before each of $RUNS_COLD runs ($RUNS_COLD_SLOW for gitleaks)"
	else
		COLD_DESC="n/a (cannot write /proc/sys/vm/drop_caches here)"
		echo "cold: n/a" >&2
		note "cold: n/a: dropping the page cache needs root and a writable /proc/sys/vm/drop_caches"
	fi
}

# set_commands builds the tools' command lines. Every tool writes its
# report into the row's directory (@ROWDIR@), never to /dev/null: some tools
# skip work when they can.
set_commands() {
	# cudoscan: JSON report with stats. Walks skip .git, binaries (NUL in
	# the first 8000 bytes) and symlinks, and do not honour .gitignore.
	CUDOSCAN=("$BIN/cudoscan")
	CUDOSCAN_JSON=(--format json --output @ROWDIR@/report.json)
	# gitleaks: the one-rule config (bench/gitleaks-cudo.toml), no decoding.
	GL_CONFIG="$WORK/gitleaks-cudo.toml"
	cp "$REPO/bench/gitleaks-cudo.toml" "$GL_CONFIG"
	GL_ARGS=(-c "$GL_CONFIG" --max-decode-depth 0 --no-banner --exit-code 0
		--report-format json --report-path @ROWDIR@/report.json)
	# rg: -uu reads hidden and .gitignored files as cudoscan does; .git is
	# excluded as cudoscan excludes it; without --binary, rg stops reading a
	# file at its first NUL, the nearest thing to cudoscan's binary skip;
	# neither follows symlinks. `cudo` as the issue's target states it.
	RG=(rg -uu -g '!.git' -c cudo)
}

# machine_info records the machine and tool versions for the table header.
machine_info() {
	local m="$RES/machine.env"
	{
		echo "mode=$([ "$SMOKE" = 1 ] && echo smoke || echo full)"
		echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
		echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | awk 'NR == 1')"
		# The searches use AVX2 where the CPU has it (rules/findcudo_amd64.go).
		echo "simd=$(grep -m1 -o -w avx2 /proc/cpuinfo || echo "no AVX2: SSE2 searches")"
		echo "cores=$(nproc)"
		echo "memory=$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
		echo "kernel=$(uname -r)"
		echo "os=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)"
		echo "workfs=$(df -T "$WORK" | awk 'NR==2 {print $2}')"
		echo "go=$(go version | awk '{print $3}')"
		echo "cudoscan=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
		echo "gitleaks=$GITLEAKS_VERSION"
		echo "rg=$( (rg --version 2>/dev/null || echo "- missing") | awk 'NR==1 {print $2}')"
		echo "hyperfine=$( (hyperfine --version 2>/dev/null || echo "- missing") | awk '{print $2}')"
		echo "git=$(git --version | awk '{print $3}')"
		echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
		echo "runs=$RUNS_FAST runs for cudoscan and rg, $RUNS_SLOW for gitleaks and on the big file, $RUNS_VET for go vet; $WARMUP warm-up run before"
		echo "cold=$COLD_DESC"
	} >"$m"
}

# ---------------------------------------------------------------- corpora

# prepared NAME CMD... runs CMD unless an earlier run built the corpus with
# the same command and the same generator (the stamp names both).
prepared() {
	local name="$1"
	shift
	local id
	id="$(printf '%s ' "$@" | tr -c 'A-Za-z0-9' _)-$(cat "$REPO"/bench/benchtool/{gen,tree,bigfile,gitrepos}.go | sha256sum | cut -c1-12)"
	local stamp="$CORPORA/.done-$name"
	if [ "$(cat "$stamp" 2>/dev/null)" = "$id" ]; then
		echo "corpus $name: already prepared" >&2
		return 0
	fi
	rm -f "$stamp"
	"$@"
	echo "$id" >"$stamp"
}

prepare_modcache() {
	rm -rf "$CORPORA/modcache"
	# A private module cache that is only a corpus (the tools still use the
	# usual one); -modcacherw, so the work dir can be deleted with rm -rf.
	(cd "$WORK" && GOMODCACHE="$CORPORA/modcache" GOFLAGS=-modcacherw go mod download "$@") >&2
}

prepare_tree() {
	rm -rf "$CORPORA/tree"
	"$BIN/benchtool" tree -dir "$CORPORA/tree" -truth "$CORPORA/tree.truth" -files "$1" >&2
}

prepare_bigfile() {
	"$BIN/benchtool" bigfile -file "$CORPORA/big.log" -truth "$CORPORA/big.truth" -size "$1" >&2
}

prepare_staged() {
	rm -rf "$CORPORA/staged-$1"
	"$BIN/benchtool" staged -dir "$CORPORA/staged-$1" -truth "$CORPORA/staged-$1.truth" -files "$1" -base "$2" >&2
}

prepare_history() {
	rm -rf "$CORPORA/history"
	"$BIN/benchtool" history -dir "$CORPORA/history" -truth "$CORPORA/history.truth" -commits "$1" -base "$2" >&2
}

# prepare_history_repacked makes the same history as git's own packing
# leaves it: fast-import writes each blob as a delta on whichever blob came
# before it (27 MB for the 3,000 commits), git gc and pack-objects as
# deltas between versions of a file (3.2 MB). The arguments are those of
# prepare_history, for the stamp.
prepare_history_repacked() {
	rm -rf "$CORPORA/history-repacked"
	cp -a "$CORPORA/history" "$CORPORA/history-repacked"
	git -C "$CORPORA/history-repacked" repack -q -a -d -f
}

prepare_corpora() {
	say "corpora in $CORPORA"
	mkdir -p "$CORPORA"
	GOROOT_SRC="$(go env GOROOT)/src"
	if [ "$SMOKE" = 1 ]; then
		# A slice of GOROOT keeps the "must report nothing" check cheap.
		GOROOT_SRC="$(go env GOROOT)/src/crypto"
		prepared tree prepare_tree 200
		prepared bigfile prepare_bigfile $((8 << 20))
		prepared staged-10 prepare_staged 10 50
		prepared history prepare_history 60 30
		prepared history-repacked prepare_history_repacked 60 30
	else
		prepared modcache prepare_modcache "${MODCACHE_MODULES[@]}"
		prepared tree prepare_tree 4000
		prepared bigfile prepare_bigfile $((1 << 30))
		prepared staged-10 prepare_staged 10 300
		prepared staged-1000 prepare_staged 1000 300
		prepared history prepare_history 3000 200
		prepared history-repacked prepare_history_repacked 3000 200
	fi
}

# ---------------------------------------------------------------- timing

# Rows are numbered so the table keeps the order they ran in.
ROWNO=0

# row CORPUS DESC TOOL KIND CWD CLASS [key=value...] -- CMD...
#
# Runs CMD once under GNU time (peak RSS, exit code, the tool's report),
# then times it warm with hyperfine and, where the corpus is marked cold=1
# and the machine can drop caches, cold. CLASS (fast, slow or vet) sets how
# many runs. The key=value pairs go to the row's meta.env (truth=, expect=,
# cold=1, measure_args=extra flags for the measured run only, such as
# counters, prepare=a command run before every run).
row() {
	local corpus="$1" desc="$2" tool="$3" kind="$4" cwd="$5" class="$6"
	shift 6
	local -a extra=()
	while [ "$1" != "--" ]; do extra+=("$1"); shift; done
	shift
	ROWNO=$((ROWNO + 1))
	local dir
	dir="$RES/rows/$(printf '%02d' "$ROWNO")-$corpus-$tool"
	mkdir -p "$dir"
	local cmd
	cmd="$(printf '%q ' "$@")"
	cmd="${cmd% }"
	{
		echo "corpus=$corpus"
		echo "corpus_desc=$desc"
		echo "tool=$tool"
		echo "kind=$kind"
		echo "cmd=$cmd"
		printf '%s\n' "${extra[@]}"
	} >"$dir/meta.env"
	local measure_args="" cold=0 prepare="" kv
	for kv in "${extra[@]}"; do
		case "$kv" in
		measure_args=*) measure_args="${kv#measure_args=}" ;;
		prepare=*) prepare="${kv#prepare=}" ;;
		cold=1) cold=1 ;;
		esac
	done
	# The report path inside the command is ROWDIR/report.json.
	cmd="${cmd//@ROWDIR@/$dir}"
	sed -i "s|@ROWDIR@|$dir|g" "$dir/meta.env"
	echo "--- $corpus / $tool: $cmd" >&2

	[ -z "$prepare" ] || "$prepare"
	local -a timer=()
	[ "$HAVE_TIME" = 1 ] && timer=(/usr/bin/time -f '%M %e %x' -o "$dir/measure.time")
	# shellcheck disable=SC2086 # measure_args is a list of flags
	(cd "$cwd" && "${timer[@]}" "${@//@ROWDIR@/$dir}" $measure_args \
		>"$dir/measure.out" 2>"$dir/measure.err") || true
	[ "$HAVE_HYPERFINE" = 1 ] || return 0

	local runs=$RUNS_FAST cruns=${RUNS_COLD:-0}
	case "$class" in
	slow) runs=$RUNS_SLOW cruns=${RUNS_COLD_SLOW:-0} ;;
	vet) runs=$RUNS_VET ;;
	esac
	# -N: no intermediate shell; -i: a tool exits 1 when it finds something.
	# A prepare script (the vet rows' cache reset) makes warm-ups pointless.
	local -a opts=(--warmup "$WARMUP")
	[ -z "$prepare" ] || opts=(--prepare "$prepare")
	(cd "$cwd" && hyperfine -N -i --style basic "${opts[@]}" --runs "$runs" \
		--export-json "$dir/warm.json" "$cmd") >&2
	if [ "$cold" = 1 ] && [ "$CAN_COLD" = 1 ]; then
		(cd "$cwd" && hyperfine -N -i --style basic --prepare "$BIN/drop-caches" --runs "$cruns" \
			--export-json "$dir/cold.json" "$cmd") >&2
	fi
}

# skip_row CORPUS DESC TOOL REASON records a row that could not run.
skip_row() {
	ROWNO=$((ROWNO + 1))
	local dir
	dir="$RES/rows/$(printf '%02d' "$ROWNO")-$1-$3"
	mkdir -p "$dir"
	printf 'corpus=%s\ncorpus_desc=%s\ntool=%s\nkind=skip\nskip=%s\n' "$1" "$2" "$3" "$4" >"$dir/meta.env"
	echo "--- $1 / $3: SKIPPED: $4" >&2
}

# dir_rows CORPUS DESC PATH CLASS [key=value...]: every tool on a directory
# or file; CLASS is cudoscan's and rg's (gitleaks is always slow).
dir_rows() {
	local corpus="$1" desc="$2" path="$3" class="$4"
	shift 4
	row "$corpus" "$desc" cudoscan cudoscan "$WORK" "$class" "$@" -- "${CUDOSCAN[@]}" scan "${CUDOSCAN_JSON[@]}" "$path"
	# The measured run adds the counters: rg --stats, gitleaks' trace log.
	if [ "$HAVE_RG" = 1 ]; then
		row "$corpus" "$desc" rg rg "$WORK" "$class" "$@" measure_args=--stats -- "${RG[@]}" "$path"
	fi
	if [ -n "$GL_RE2" ]; then
		row "$corpus" "$desc" gitleaks-re2 gitleaks "$WORK" slow "$@" "measure_args=--log-level trace" -- \
			"$GL_RE2" dir "${GL_ARGS[@]}" "$path"
	fi
	if [ -n "$GL_STD" ]; then
		row "$corpus" "$desc" gitleaks gitleaks "$WORK" slow "$@" "measure_args=--log-level trace" -- \
			"$GL_STD" dir "${GL_ARGS[@]}" "$path"
	fi
}

# gitleaks_rows CORPUS DESC REPO TRUTH SUBCOMMAND...: both gitleaks builds
# in a git mode, run inside the repository.
gitleaks_rows() {
	local corpus="$1" desc="$2" repo="$3" truth="$4"
	shift 4
	if [ -n "$GL_RE2" ]; then
		row "$corpus" "$desc" gitleaks-re2 gitleaks "$repo" slow "$truth" -- "$GL_RE2" "$@" "${GL_ARGS[@]}" .
	fi
	if [ -n "$GL_STD" ]; then
		row "$corpus" "$desc" gitleaks gitleaks "$repo" slow "$truth" -- "$GL_STD" "$@" "${GL_ARGS[@]}" .
	fi
}

# staged_rows N: cudoscan staged against gitleaks --pre-commit --staged.
staged_rows() {
	local corpus="staged-$1" desc="$1 staged files" repo="$CORPORA/staged-$1"
	local truth="truth=$CORPORA/staged-$1.truth"
	if [ "$HAVE_STAGED" = 1 ]; then
		row "$corpus" "$desc" cudoscan cudoscan "$repo" fast "$truth" -- "${CUDOSCAN[@]}" staged "${CUDOSCAN_JSON[@]}"
	else
		skip_row "$corpus" "$desc" cudoscan "no 'cudoscan staged' yet"
	fi
	gitleaks_rows "$corpus" "$desc" "$repo" "$truth" git --pre-commit --staged
}

# history_rows CORPUS DESC: cudoscan history against gitleaks git, on the
# history as fast-import packed it (history) or as git repacks it
# (history-repacked); the planted keys are the same.
history_rows() {
	local corpus="$1" desc="$2" repo="$CORPORA/$1"
	local truth="truth=$CORPORA/history.truth"
	if [ "$HAVE_HISTORY" = 1 ]; then
		row "$corpus" "$desc" cudoscan cudoscan "$repo" fast "$truth" -- "${CUDOSCAN[@]}" history "${CUDOSCAN_JSON[@]}"
	else
		skip_row "$corpus" "$desc" cudoscan "no 'cudoscan history' yet"
	fi
	gitleaks_rows "$corpus" "$desc" "$repo" "$truth" git
}

# vet_rows compares go vet std with cudovet as its vet tool. go vet caches
# its results, so every run starts from a copy of a build cache primed by a
# vet tool that checks nothing (bench/noopvet): it holds the export data of
# std and of its test variants but no real vet result, so what is timed is
# the analysis, not the compiler, and never a cache hit.
vet_rows() {
	local desc="go vet std"
	if [ "$HAVE_CUDOVET" = 0 ]; then
		skip_row vet "$desc" cudovet "cmd/cudovet does not build yet"
		skip_row vet "$desc" go-vet "skipped with cudovet"
		return 0
	fi
	local base="$WORK/gocache-base" cache="$WORK/gocache-vet" id
	id="$(go version)"
	if [ "$(cat "$base/.done" 2>/dev/null)" != "$id" ]; then
		echo "priming $base (go vet -vettool=noopvet std; minutes)" >&2
		rm -rf "$base"
		(cd "$WORK" && GOCACHE="$base" go vet "-vettool=$BIN/noopvet" std)
		echo "$id" >"$base/.done"
	fi
	printf '#!/bin/sh\nrm -rf %q && cp -a %q %q\n' "$cache" "$base" "$cache" >"$BIN/reset-gocache"
	chmod +x "$BIN/reset-gocache"
	row vet "$desc" cudovet vet "$WORK" vet "prepare=$BIN/reset-gocache" -- \
		env "GOCACHE=$cache" go vet "-vettool=$BIN/cudovet" std
	row vet "$desc" go-vet vet "$WORK" vet "prepare=$BIN/reset-gocache" -- \
		env "GOCACHE=$cache" go vet std
	rm -rf "$cache" # a GiB; the primed base stays for the next run
}

run_rows() {
	say "timing"
	rm -rf "$RES/rows"
	dir_rows goroot "Go source tree" "$GOROOT_SRC" fast expect=clean cold=1
	if [ "$SMOKE" = 0 ]; then
		dir_rows modcache "module cache (${#MODCACHE_MODULES[@]} modules)" "$CORPORA/modcache" fast cold=1
		# Like for like with rg, which reads the cache's download zips as
		# binary: cudoscan without unpacking archives (warm only).
		row modcache "module cache (${#MODCACHE_MODULES[@]} modules)" cudoscan-no-archives cudoscan "$WORK" fast -- \
			"${CUDOSCAN[@]}" scan --archive-depth 0 "${CUDOSCAN_JSON[@]}" "$CORPORA/modcache"
	fi
	dir_rows tree "synthetic tree (planted keys, decoys)" "$CORPORA/tree" fast "truth=$CORPORA/tree.truth"
	dir_rows bigfile "$(du -h --apparent-size "$CORPORA/big.log" | cut -f1) log file" "$CORPORA/big.log" slow "truth=$CORPORA/big.truth"
	staged_rows 10
	[ "$SMOKE" = 1 ] || staged_rows 1000
	history_rows history "git history (commits with planted keys)"
	history_rows history-repacked "same history, repacked by git (git repack -adf, as gc leaves it)"
	[ "$SMOKE" = 1 ] || vet_rows
}

# run_gobench runs the Go benchmarks of the core and the scanner, and
# benchstat's summary of them. A failure here is noted, not fatal.
run_gobench() {
	[ "$GOBENCH" = 1 ] || return 0
	say "Go benchmarks"
	local count=6 benchtime=1s
	[ "$SMOKE" = 1 ] && count=1 benchtime=1x
	if ! (cd "$REPO" && go test -run '^$' -bench . -benchmem -count "$count" -benchtime "$benchtime" ./rules/ ./scanner/...) \
		>"$RES/gobench.txt" 2>&1; then
		note "go test -bench failed; see $RES/gobench.txt"
		return 0
	fi
	[ "$SMOKE" = 1 ] && return 0
	(cd "$WORK" && go run "$BENCHSTAT" "$RES/gobench.txt") >"$RES/gobench-stat.txt" 2>"$RES/benchstat.log" ||
		note "benchstat failed; see $RES/benchstat.log"
}

main() {
	parse_args "$@"
	rm -rf "$RES"
	mkdir -p "$RES"
	: >"$RES/notes.txt"
	install_debian_tools
	build_ours
	setup_gitleaks
	set_commands
	probe_cold
	machine_info
	prepare_corpora
	run_rows
	run_gobench
	echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES/machine.env"
	say "results"
	local rc=0
	"$BIN/benchtool" report -results "$RES" -out "$WORK/results.md" || rc=$?
	[ -n "$OUT" ] && cp "$WORK/results.md" "$OUT"
	echo "results: $WORK/results.md" >&2
	return "$rc"
}

main "$@"

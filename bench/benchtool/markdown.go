package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func writeHeader(b *strings.Builder, m map[string]string) {
	fmt.Fprintf(b, "# cudoscan benchmark (%s run, %s)\n\n", orDash(m["mode"]), orDash(m["date"]))
	fmt.Fprintf(b, "Machine: %s (%s), %s cores, %s RAM; %s, Linux %s; work dir on %s.\n",
		orDash(m["cpu"]), orDash(m["simd"]), orDash(m["cores"]), orDash(m["memory"]), orDash(m["os"]), orDash(m["kernel"]), orDash(m["workfs"]))
	fmt.Fprintf(b, "Load average: %s at start, %s at end.\n\n", orDash(m["load_start"]), orDash(m["load_end"]))
	fmt.Fprintf(b, "Tools: %s; cudoscan %s; gitleaks %s (`go install`, and `-tags gore2regex` = release build); ripgrep %s; hyperfine %s; git %s.\n\n",
		orDash(m["go"]), orDash(m["cudoscan"]), orDash(m["gitleaks"]), orDash(m["rg"]), orDash(m["hyperfine"]), orDash(m["git"]))
}

func writeResults(b *strings.Builder, rows []*row, m map[string]string) {
	b.WriteString("## Times\n\n")
	fmt.Fprintf(b, "Warm: median of hyperfine runs, page cache hot (%s). Cold: %s. "+
		"\"× cudoscan\" is the tool's median over cudoscan's on the same corpus: above 1, cudoscan is faster. "+
		"Files and bytes are what each tool says it scanned (cudoscan: JSON stats; rg: `--stats`; "+
		"gitleaks: its \"scanned ~N bytes\" log line, files from its trace log, commits in git modes). "+
		"CPU: mean user+system seconds of the warm runs, the steadier figure on a loaded machine. "+
		"Peak RSS: GNU time, one extra run.\n\n", orDash(m["runs"]), orDash(m["cold"]))
	b.WriteString("| corpus | tool | warm | × cudoscan | CPU | × cudoscan | cold | × cudoscan | files | bytes | peak RSS | exit |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rows {
		if r.skipped() {
			fmt.Fprintf(b, "| %s | %s | skipped: %s | | | | | | | | | |\n", r.meta["corpus_desc"], r.tool(), r.meta["skip"])
			continue
		}
		base := baseline(rows, r.corpus())
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.meta["corpus_desc"], toolCell(r),
			timingCell(r.warm), ratioCell(r, base, warm),
			cpuCell(r.warm), cpuRatioCell(r, base),
			timingCell(r.cold), ratioCell(r, base, cold),
			filesCell(r), bytesCell(r), rssCell(r), exitCell(r))
	}
	b.WriteString("\n")
	for _, r := range rows {
		if !r.skipped() && r.meta["cmd"] != "" {
			fmt.Fprintf(b, "- %s / %s: `%s`\n", r.corpus(), r.tool(), r.meta["cmd"])
		}
	}
	b.WriteString("\n")
}

func toolCell(r *row) string {
	if r.tool() == toolGitleaksRe {
		return "gitleaks (release build)"
	}
	return r.tool()
}

func timingCell(t *timing) string {
	if t == nil {
		return "n/a"
	}
	s := fmtDur(t.Median)
	if t.Stddev != nil && len(t.Times) > 1 {
		s += " ± " + fmtDur(*t.Stddev)
	}
	return s
}

func cpuCell(t *timing) string {
	if t == nil {
		return "n/a"
	}
	return fmtDur(t.User + t.System)
}

func cpuRatioCell(r, base *row) string {
	if r.warm == nil || base == nil || base.warm == nil || base.warm.User+base.warm.System <= 0 {
		return ""
	}
	if r == base {
		return "1"
	}
	return fmt.Sprintf("%.2f", (r.warm.User+r.warm.System)/(base.warm.User+base.warm.System))
}

func ratioCell(r, base *row, p phase) string {
	t, bt := p.of(r), p.of(base)
	if t == nil || bt == nil || bt.Median <= 0 {
		return ""
	}
	if r == base {
		return "1"
	}
	return fmt.Sprintf("%.2f", t.Median/bt.Median)
}

func filesCell(r *row) string {
	if r.files < 0 {
		return "n/a"
	}
	if u := r.meta["files_unit"]; u != "" {
		return fmt.Sprintf("%s %s", fmtInt(r.files), u)
	}
	return fmtInt(r.files)
}

func bytesCell(r *row) string {
	if r.bytes < 0 {
		return "n/a"
	}
	return fmtBytes(r.bytes)
}

func rssCell(r *row) string {
	if r.rssKiB == 0 {
		return "n/a"
	}
	return fmtKiB(r.rssKiB)
}

func exitCell(r *row) string {
	if r.exit < 0 {
		return "n/a"
	}
	return fmt.Sprint(r.exit)
}

func writeChecks(b *strings.Builder, checks []check) {
	b.WriteString("## Detection checks\n\n")
	b.WriteString("cudoscan must find every planted key (keys are random, generated at run time; the truth file keeps their SHA-256) " +
		"and report no decoy (checksums, image digests, other services' tokens, fillers). " +
		"gitleaks' findings are shown for reference: its one rule cannot tell a key from a checksum.\n\n")
	b.WriteString("| corpus | reference | cudoscan | gitleaks | result |\n|---|---|---|---|---|\n")
	for _, c := range checks {
		fmt.Fprintf(b, "| %s | %s | %s | %s | **%s** |\n", c.desc, orDash(c.reference), orDash(c.cudoscan), orDash(c.gitleaks), c.result)
	}
	b.WriteString("\n")
	for _, c := range checks {
		for _, d := range c.details {
			fmt.Fprintf(b, "- %s: %s\n", c.corpus, d)
		}
	}
	b.WriteString("\n")
}

func writeTargets(b *strings.Builder, ts []target) {
	b.WriteString("## Targets (issue 7)\n\n| target | measured | holds |\n|---|---|---|\n")
	for _, t := range ts {
		fmt.Fprintf(b, "| %s | %s | %s |\n", t.name, t.measured, t.holds)
	}
	b.WriteString("\n")
}

func writeGoBench(b *strings.Builder, dir string) {
	stat, err := os.ReadFile(filepath.Join(dir, "gobench-stat.txt"))
	if err != nil {
		stat, err = os.ReadFile(filepath.Join(dir, "gobench.txt"))
	}
	if err != nil || len(strings.TrimSpace(string(stat))) == 0 {
		return
	}
	b.WriteString("## Go benchmarks\n\n`go test -run '^$' -bench . -benchmem ./rules/ ./scanner/...`, 6 runs each in a full run (raw output for benchstat: `gobench.txt` in the results directory).\n\n```\n")
	b.WriteString(strings.TrimRight(string(stat), "\n"))
	b.WriteString("\n```\n\n")
}

func writeNotes(b *strings.Builder, dir string) {
	data, err := os.ReadFile(filepath.Join(dir, "notes.txt"))
	if err != nil || len(strings.TrimSpace(string(data))) == 0 {
		return
	}
	b.WriteString("## Notes\n\n")
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fmt.Fprintf(b, "- %s\n", line)
	}
	b.WriteString("\n")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func fmtDur(sec float64) string {
	switch {
	case sec < 1e-3:
		return fmt.Sprintf("%.0f µs", sec*1e6)
	case sec < 1:
		return fmt.Sprintf("%.1f ms", sec*1e3)
	default:
		return fmt.Sprintf("%.2f s", sec)
	}
}

func fmtBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}

func fmtKiB(k int64) string { return fmt.Sprintf("%.1f MiB", float64(k)/1024) }

// fmtInt groups digits by thousands.
func fmtInt(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

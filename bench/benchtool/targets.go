package main

import "fmt"

// target is one of issue 7's performance targets, as measured.
type target struct {
	name, measured string
	holds          string // yes, NO, or n/a when a row is missing
}

// targets evaluates issue 7's targets on the rows. They are reported, never
// asserted: timings on a shared machine are evidence, not a test.
func targets(rows []*row, checks []check) []target {
	return []target{
		ratioAtLeast(rows, "Go source tree, warm: ≥ 20× faster than gitleaks (release build)", corpusGoroot, toolGitleaksRe, warm, 20),
		noSlower(rows, "Go source tree, warm: no slower than `rg -c cudo`", corpusGoroot, toolRg, warm),
		noSlower(rows, "Module cache, warm: no slower than rg", corpusModcache, toolRg, warm),
		toolNoSlower(rows, "Module cache, warm, archives not unpacked (`--archive-depth 0`, as rg reads zips): no slower than rg", corpusModcache, toolCudoscanNoArchives, toolRg),
		noSlower(rows, "Go source tree, cold: no slower than rg", corpusGoroot, toolRg, cold),
		noSlower(rows, "Module cache, cold: no slower than rg", corpusModcache, toolRg, cold),
		throughput(rows, "1 GiB file: ≥ 2 GB/s", corpusBigfile, 2e9),
		peakRSS(rows, "1 GiB file: peak RSS < 64 MiB", corpusBigfile, 64<<10),
		ratioAtMost(rows, "1,000 staged files: ≤ ¼ of `gitleaks git --pre-commit --staged`", corpusStagedK, toolGitleaksRe, 0.25),
		under(rows, "10 staged files: < 30 ms", corpusStaged10, 0.030),
		historyTarget(rows, checks, corpusHistory, "history: ≥ 5× faster than `gitleaks git`, same planted keys"),
		historyTarget(rows, checks, corpusRepacked, "history repacked by git, as gc leaves a repository (not one of issue 19's targets): ≥ 5× faster than `gitleaks git`, same planted keys"),
		noSlower(rows, "`go vet -vettool=cudovet std` no slower than `go vet std`", corpusVet, toolGoVet, warm),
	}
}

type phase int

const (
	warm phase = iota
	cold
)

func (p phase) of(r *row) *timing {
	if r == nil || r.skipped() {
		return nil
	}
	if p == cold {
		return r.cold
	}
	return r.warm
}

// pair returns the medians of the corpus's baseline (cudoscan or cudovet)
// and of tool, or ok=false when either is missing.
func pair(rows []*row, corpus, tool string, p phase) (base, other float64, ok bool) {
	b, o := p.of(baseline(rows, corpus)), p.of(find(rows, corpus, tool))
	if b == nil || o == nil || b.Median <= 0 {
		return 0, 0, false
	}
	return b.Median, o.Median, true
}

// cpuNote returns ", CPU time B vs O" for the pair: on a loaded machine CPU
// time says more than the wall clock about which tool does less work.
func cpuNote(rows []*row, corpus, tool string, p phase) string {
	b, o := p.of(baseline(rows, corpus)), p.of(find(rows, corpus, tool))
	if b == nil || o == nil {
		return ""
	}
	return fmt.Sprintf("; CPU %s vs %s", fmtDur(b.User+b.System), fmtDur(o.User+o.System))
}

func missing(name string) target { return target{name: name, measured: "not measured", holds: "n/a"} }

func holds(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

func ratioAtLeast(rows []*row, name, corpus, tool string, p phase, min float64) target {
	b, o, ok := pair(rows, corpus, tool, p)
	if !ok {
		return missing(name)
	}
	return target{name, fmt.Sprintf("%.1f× (%s vs %s%s)", o/b, fmtDur(b), fmtDur(o), cpuNote(rows, corpus, tool, p)), holds(o/b >= min)}
}

func ratioAtMost(rows []*row, name, corpus, tool string, max float64) target {
	b, o, ok := pair(rows, corpus, tool, warm)
	if !ok {
		return missing(name)
	}
	return target{name, fmt.Sprintf("%.2f of gitleaks (%s vs %s%s)", b/o, fmtDur(b), fmtDur(o), cpuNote(rows, corpus, tool, warm)), holds(b/o <= max)}
}

func noSlower(rows []*row, name, corpus, tool string, p phase) target {
	b, o, ok := pair(rows, corpus, tool, p)
	if !ok {
		return missing(name)
	}
	return target{name, fmt.Sprintf("%s vs %s (%.2f× %s's time%s)", fmtDur(b), fmtDur(o), b/o, tool, cpuNote(rows, corpus, tool, p)), holds(b <= o)}
}

// toolNoSlower compares two tools other than the baseline, warm.
func toolNoSlower(rows []*row, name, corpus, tool, than string) target {
	a, b := warm.of(find(rows, corpus, tool)), warm.of(find(rows, corpus, than))
	if a == nil || b == nil || b.Median <= 0 {
		return missing(name)
	}
	return target{name, fmt.Sprintf("%s vs %s (%.2f× %s's time; CPU %s vs %s)", fmtDur(a.Median), fmtDur(b.Median), a.Median/b.Median, than,
		fmtDur(a.User+a.System), fmtDur(b.User+b.System)), holds(a.Median <= b.Median)}
}

func under(rows []*row, name, corpus string, limit float64) target {
	t := warm.of(baseline(rows, corpus))
	if t == nil {
		return missing(name)
	}
	return target{name, fmtDur(t.Median), holds(t.Median < limit)}
}

func throughput(rows []*row, name, corpus string, min float64) target {
	r := baseline(rows, corpus)
	t := warm.of(r)
	if t == nil || r.bytes <= 0 {
		return missing(name)
	}
	bps := float64(r.bytes) / t.Median
	return target{name, fmt.Sprintf("%.2f GB/s (%s in %s)", bps/1e9, fmtBytes(r.bytes), fmtDur(t.Median)), holds(bps >= min)}
}

func peakRSS(rows []*row, name, corpus string, maxKiB int64) target {
	r := baseline(rows, corpus)
	if r == nil || r.skipped() || r.rssKiB == 0 {
		return missing(name)
	}
	return target{name, fmtKiB(r.rssKiB), holds(r.rssKiB < maxKiB)}
}

func historyTarget(rows []*row, checks []check, corpus, name string) target {
	b, o, ok := pair(rows, corpus, toolGitleaksRe, warm)
	if !ok {
		return missing(name)
	}
	same := false
	for _, c := range checks {
		if c.corpus == corpus {
			same = c.result == "PASS"
		}
	}
	m := fmt.Sprintf("%.1f× (%s vs %s%s); planted keys: ", o/b, fmtDur(b), fmtDur(o), cpuNote(rows, corpus, toolGitleaksRe, warm))
	if same {
		m += "all found"
	} else {
		m += "see checks"
	}
	return target{name, m, holds(o/b >= 5 && same)}
}

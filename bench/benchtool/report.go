package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Corpus and tool names shared with compare.sh: the targets refer to them.
const (
	corpusGoroot   = "goroot"
	corpusModcache = "modcache"
	corpusBigfile  = "bigfile"
	corpusStaged10 = "staged-10"
	corpusStagedK  = "staged-1000"
	corpusHistory  = "history"
	corpusRepacked = "history-repacked"
	corpusVet      = "vet"

	toolCudoscan = "cudoscan"
	// cudoscan on the module cache without unpacking archives: rg's terms
	toolCudoscanNoArchives = "cudoscan-no-archives"
	toolGitleaks           = "gitleaks"     // plain go install build (Go regexp)
	toolGitleaksRe         = "gitleaks-re2" // -tags gore2regex, the release build
	toolRg                 = "rg"
	toolGoVet              = "go-vet"
	toolCudovet            = "cudovet"
)

func cmdReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("results", "", "results directory written by compare.sh")
	out := fs.String("out", "", "also write the Markdown report to this file")
	if err := fs.Parse(args); err != nil || *dir == "" {
		fmt.Fprintln(stderr, "usage: benchtool report -results DIR [-out FILE]")
		return exitUsage
	}
	rows, err := readRows(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "benchtool report: %v\n", err)
		return exitUsage
	}
	machine, _ := readEnv(filepath.Join(*dir, "machine.env"))
	checks := runChecks(rows)

	var b strings.Builder
	writeHeader(&b, machine)
	writeResults(&b, rows, machine)
	writeChecks(&b, checks)
	if machine["mode"] == "smoke" {
		b.WriteString("## Targets (issue 7)\n\nNot evaluated: a smoke run times tiny corpora once; it proves the harness runs and the checks pass.\n\n")
	} else {
		writeTargets(&b, targets(rows, checks))
	}
	writeGoBench(&b, *dir)
	writeNotes(&b, *dir)

	fmt.Fprint(stdout, b.String())
	if *out != "" {
		if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
			fmt.Fprintf(stderr, "benchtool report: %v\n", err)
			return exitUsage
		}
	}
	for _, c := range checks {
		if c.result == "FAIL" {
			return exitFail
		}
	}
	return exitOK
}

// corpora returns the corpus names in the order their rows appear.
func corpora(rows []*row) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.corpus()] {
			seen[r.corpus()] = true
			names = append(names, r.corpus())
		}
	}
	return names
}

// find returns the row of tool on corpus, or nil.
func find(rows []*row, corpus, tool string) *row {
	for _, r := range rows {
		if r.corpus() == corpus && r.tool() == tool {
			return r
		}
	}
	return nil
}

// baseline returns the cudoscan row of a corpus (cudovet for vet).
func baseline(rows []*row, corpus string) *row {
	if r := find(rows, corpus, toolCudoscan); r != nil {
		return r
	}
	return find(rows, corpus, toolCudovet)
}

// check is the detection verdict for one corpus.
type check struct {
	corpus, desc                  string
	reference, cudoscan, gitleaks string
	result                        string // PASS, FAIL, SKIP or n/a
	details                       []string
}

func runChecks(rows []*row) []check {
	var out []check
	for _, name := range corpora(rows) {
		c := find(rows, name, toolCudoscan)
		if c == nil {
			continue // vet: nothing to detect
		}
		out = append(out, checkCorpus(c, rows))
	}
	return out
}

// checkCorpus compares cudoscan's key findings on a corpus with the
// planted keys (when the corpus has a truth file), with "no findings" (when
// the corpus must come out clean), and with gitleaks' findings.
func checkCorpus(c *row, rows []*row) check {
	ck := check{corpus: c.corpus(), desc: c.meta["corpus_desc"], result: "n/a", gitleaks: "not run"}
	if c.skipped() {
		ck.result, ck.cudoscan = "SKIP", c.meta["skip"]
		return ck
	}
	switch {
	case c.reportErr != "":
		ck.result, ck.cudoscan = "FAIL", "no report: "+c.reportErr
		return ck
	case c.exit != 0 && c.exit != 1:
		ck.result, ck.cudoscan = "FAIL", fmt.Sprintf("exit code %d", c.exit)
		return ck
	}
	gl := find(rows, c.corpus(), toolGitleaksRe)
	if gl == nil || gl.skipped() || gl.secrets == nil {
		gl = find(rows, c.corpus(), toolGitleaks)
	}
	if gl != nil && (gl.skipped() || gl.secrets == nil) {
		gl = nil
	}

	truthPath := c.meta["truth"]
	switch {
	case truthPath != "":
		keys, decoys, err := readTruth(truthPath)
		if err != nil {
			ck.result, ck.reference = "FAIL", err.Error()
			return ck
		}
		checkTruth(&ck, c, gl, keys, decoys)
	case c.meta["expect"] == "clean":
		ck.reference = "no CUDO keys (must report nothing)"
		ck.cudoscan = fmt.Sprintf("%d findings", c.findings)
		ck.result = passIf(c.findings == 0)
		if gl != nil {
			ck.gitleaks = fmt.Sprintf("%d findings", gl.findings)
			if gl.findings > 0 {
				ck.gitleaks += " (all false positives)"
			}
		}
	default:
		ck.reference = "no ground truth"
		ck.cudoscan = fmt.Sprintf("%d key findings", len(c.secrets))
		if gl != nil {
			both := 0
			for s := range gl.secrets {
				if c.secrets[s] {
					both++
				}
			}
			ck.gitleaks = fmt.Sprintf("%d findings, %d distinct secrets, %d also reported by cudoscan", gl.findings, len(gl.secrets), both)
			if len(gl.secrets) > both {
				ck.details = append(ck.details, fmt.Sprintf("%d secrets only gitleaks reports: review them in %s", len(gl.secrets)-both, gl.meta["dir"]))
			}
		}
	}
	return ck
}

// checkTruth fills ck from the planted keys and decoys of a corpus.
func checkTruth(ck *check, c, gl *row, keys, decoys map[string]plantedKey) {
	deleted := 0
	for _, k := range keys {
		if k.deleted {
			deleted++
		}
	}
	ck.reference = fmt.Sprintf("%d planted keys", len(keys))
	if deleted > 0 {
		ck.reference += fmt.Sprintf(" (%d later deleted)", deleted)
	}
	if len(decoys) > 0 {
		ck.reference += fmt.Sprintf(", %d distinct decoys", len(decoys))
	}
	var missing, reportedDecoys []plantedKey
	found, unknown := 0, 0
	for _, k := range sortedKeys(keys) {
		if c.secrets[k.sha256] {
			found++
		} else {
			missing = append(missing, k)
		}
	}
	for s := range c.secrets {
		if _, ok := keys[s]; ok {
			continue
		}
		if d, ok := decoys[s]; ok {
			reportedDecoys = append(reportedDecoys, d)
		} else {
			unknown++
		}
	}
	ck.cudoscan = fmt.Sprintf("%d/%d found, %d decoys reported, %d other key findings", found, len(keys), len(reportedDecoys), unknown)
	ck.result = passIf(len(missing) == 0 && len(reportedDecoys) == 0 && unknown == 0)
	for _, k := range missing {
		ck.details = append(ck.details, fmt.Sprintf("missed %s key at %s", k.syntax, location(k)))
	}
	sort.Slice(reportedDecoys, func(i, j int) bool { return location(reportedDecoys[i]) < location(reportedDecoys[j]) })
	for _, d := range reportedDecoys {
		ck.details = append(ck.details, fmt.Sprintf("reported decoy %s at %s", d.syntax, location(d)))
	}
	if gl == nil {
		return
	}
	gp, gd, gother, glOnly := 0, 0, 0, 0
	for s := range gl.secrets {
		_, isKey := keys[s]
		_, isDecoy := decoys[s]
		switch {
		case isKey:
			gp++
			if !c.secrets[s] {
				glOnly++
			}
		case isDecoy:
			gd++
		default:
			gother++
		}
	}
	ck.gitleaks = fmt.Sprintf("%d/%d planted, %d decoys, %d other", gp, len(keys), gd, gother)
	if glOnly > 0 {
		ck.details = append(ck.details, fmt.Sprintf("%d planted keys gitleaks finds and cudoscan misses", glOnly))
	}
}

func location(k plantedKey) string {
	if k.path == "" {
		return fmt.Sprintf("line %d", k.line)
	}
	return fmt.Sprintf("%s:%d", k.path, k.line)
}

func sortedKeys(m map[string]plantedKey) []plantedKey {
	out := make([]plantedKey, 0, len(m))
	for _, k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return location(out[i]) < location(out[j]) })
	return out
}

func passIf(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

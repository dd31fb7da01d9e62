package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The results directory, as bench/compare.sh writes it:
//
//	machine.env            key=value facts about the machine and tools
//	notes.txt              one note per line (skipped rows and why)
//	gobench.txt            go test -bench output (benchstat input)
//	gobench-stat.txt       benchstat's summary of it
//	rows/NN-NAME/meta.env  corpus, tool, kind, cmd, truth, expect, skip
//	rows/NN-NAME/warm.json, cold.json   hyperfine --export-json
//	rows/NN-NAME/measure.time           GNU time -f '%M %e %x' of one run
//	rows/NN-NAME/measure.out, .err      that run's stdout and stderr
//	rows/NN-NAME/report.json            the tool's JSON report of that run

// row is one tool on one corpus.
type row struct {
	name string
	meta map[string]string

	warm, cold *timing
	rssKiB     int64 // peak RSS of the measured run; 0 if unknown
	exit       int   // exit code of the measured run; -1 if unknown

	files, bytes int64 // what the tool says it scanned; -1 if unknown
	// secrets are the SHA-256 of the key findings the tool reported.
	secrets map[string]bool
	// findings counts all findings, keys or not.
	findings int
	// reportErr says why the report could not be read.
	reportErr string
}

func (r *row) corpus() string { return r.meta["corpus"] }
func (r *row) tool() string   { return r.meta["tool"] }
func (r *row) kind() string   { return r.meta["kind"] }
func (r *row) skipped() bool  { return r.meta["skip"] != "" }

// timing is the part of a hyperfine result the table uses.
type timing struct {
	Median float64   `json:"median"`
	Stddev *float64  `json:"stddev"`
	User   float64   `json:"user"`   // mean user CPU seconds
	System float64   `json:"system"` // mean system CPU seconds
	Times  []float64 `json:"times"`
	Exit   []int     `json:"exit_codes"`
}

func readTiming(path string) (*timing, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Results []timing `json:"results"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Results) != 1 {
		return nil, fmt.Errorf("%s: %d results, want 1", path, len(doc.Results))
	}
	return &doc.Results[0], nil
}

// readEnv reads key=value lines; later keys win, # starts a comment.
func readEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m, s.Err()
}

// readRows loads every row under dir/rows, in directory order.
func readRows(dir string) ([]*row, error) {
	ents, err := os.ReadDir(filepath.Join(dir, "rows"))
	if err != nil {
		return nil, err
	}
	var rows []*row
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		r, err := readRow(filepath.Join(dir, "rows", e.Name()))
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	return rows, nil
}

func readRow(dir string) (*row, error) {
	meta, err := readEnv(filepath.Join(dir, "meta.env"))
	if err != nil {
		return nil, err
	}
	r := &row{name: filepath.Base(dir), meta: meta, exit: -1, files: -1, bytes: -1}
	r.meta["dir"] = dir
	if r.skipped() {
		return r, nil
	}
	r.warm, _ = readTiming(filepath.Join(dir, "warm.json"))
	r.cold, _ = readTiming(filepath.Join(dir, "cold.json"))
	r.readMeasure(filepath.Join(dir, "measure.time"))
	out, _ := os.ReadFile(filepath.Join(dir, "measure.out"))
	errOut, _ := os.ReadFile(filepath.Join(dir, "measure.err"))
	switch r.kind() {
	case "cudoscan":
		r.readCudoscan(filepath.Join(dir, "report.json"))
	case "gitleaks":
		r.readGitleaks(filepath.Join(dir, "report.json"), string(errOut))
	case "rg":
		r.readRgStats(string(out))
	}
	return r, nil
}

// readMeasure reads GNU time's "%M %e %x": peak RSS in KiB, seconds, exit.
func (r *row) readMeasure(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	// GNU time prefixes "Command exited with non-zero status N" lines.
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	f := strings.Fields(lines[len(lines)-1])
	if len(f) != 3 {
		return
	}
	r.rssKiB, _ = strconv.ParseInt(f[0], 10, 64)
	r.exit, _ = strconv.Atoi(f[2])
}

// keyRules are cudoscan's rules whose secret is a key.
var keyRules = map[string]bool{"cudo-api-key": true, "cudo-api-key-prefixed": true}

func (r *row) readCudoscan(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		r.reportErr = err.Error()
		return
	}
	var rep struct {
		Mode     string `json:"mode"`
		Findings []struct {
			Rule         string `json:"rule"`
			SecretSHA256 string `json:"secret_sha256"`
			Suppressed   bool   `json:"suppressed"`
		} `json:"findings"`
		Stats struct {
			Files int64 `json:"files"`
			Bytes int64 `json:"bytes"`
		} `json:"stats"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		r.reportErr = fmt.Sprintf("%s: %v", path, err)
		return
	}
	r.files, r.bytes = rep.Stats.Files, rep.Stats.Bytes
	if rep.Mode == "history" {
		r.meta["files_unit"] = "blobs" // each distinct blob is scanned once
	}
	r.secrets = map[string]bool{}
	for _, f := range rep.Findings {
		if f.Suppressed {
			continue
		}
		r.findings++
		if keyRules[f.Rule] && f.SecretSHA256 != "" {
			r.secrets[f.SecretSHA256] = true
		}
	}
}

// gitleaks logs "scanned ~N bytes", and, at trace level, "scanning path"
// for every file it opens and "skipping binary file" (debug) for those it
// then drops.
var (
	glBytes   = regexp.MustCompile(`scanned ~(\d+) bytes`)
	glCommits = regexp.MustCompile(`(\d+) commits scanned`)
	ansi      = regexp.MustCompile("\x1b\\[[0-9;]*m")
)

func (r *row) readGitleaks(path, log string) {
	log = ansi.ReplaceAllString(log, "")
	if m := glBytes.FindStringSubmatch(log); m != nil {
		r.bytes, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if opened := strings.Count(log, "scanning path"); opened > 0 {
		r.files = int64(opened - strings.Count(log, "skipping binary file"))
	} else if m := glCommits.FindStringSubmatch(log); m != nil && m[1] != "0" {
		// (--pre-commit logs "0 commits scanned": it scans a diff.)
		r.files, _ = strconv.ParseInt(m[1], 10, 64)
		r.meta["files_unit"] = "commits"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		r.reportErr = err.Error()
		return
	}
	var rep []struct {
		Secret string `json:"Secret"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		r.reportErr = fmt.Sprintf("%s: %v", path, err)
		return
	}
	r.secrets = map[string]bool{}
	for _, f := range rep {
		r.findings++
		sum := sha256.Sum256([]byte(f.Secret))
		r.secrets[hex.EncodeToString(sum[:])] = true
	}
}

// readRgStats reads ripgrep's --stats block.
func (r *row) readRgStats(out string) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch strings.Join(f[1:], " ") {
		case "files searched":
			r.files = n
		case "bytes searched":
			r.bytes = n
		}
	}
}

// readTruth loads a truth file written by truth.write.
func readTruth(path string) (keys, decoys map[string]plantedKey, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	keys, decoys = map[string]plantedKey{}, map[string]plantedKey{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		if strings.HasPrefix(s.Text(), "#") {
			continue
		}
		c := strings.Split(s.Text(), "\t")
		if len(c) != 6 {
			return nil, nil, fmt.Errorf("%s: bad line %q", path, s.Text())
		}
		line, _ := strconv.Atoi(c[3])
		k := plantedKey{sha256: c[1], path: c[2], line: line, syntax: c[4], deleted: c[5] == "true"}
		if c[0] == "key" {
			keys[k.sha256] = k
		} else {
			decoys[k.sha256] = k
		}
	}
	return keys, decoys, s.Err()
}

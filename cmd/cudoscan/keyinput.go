package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"time"

	"github.com/cudoscan/cudoscan/rules"
)

// Bounds of what verify and revoke read from stdin.
const (
	maxInputLine  = 1 << 20 // a longer line is skipped, not the end of the run
	inputChunk    = 4 << 20 // the detector runs on this much at a time
	inputOverlap  = 64 << 10
	maxJSONReport = 16 << 20 // a JSON report is also read as one, up to this size
)

// inputKeys is what verify and revoke found on stdin: the candidate keys
// and what the input says about them. Nothing else of the input is kept.
type inputKeys struct {
	keys []string // distinct, in input order
	// name is the name beside a key in a cudoctl config (keys[].name).
	name map[string]string
	// introduced is the date of the commit that introduced a key, from a
	// JSON report of cudoscan history.
	introduced map[string]time.Time
	lines      int // lines read
	skipped    int // lines over maxInputLine, skipped
}

// readInputKeys extracts candidate keys from what users pipe in: bare
// keys, KEY=value lines, config files, the JSON report of cudoscan scan or
// history with --show-secrets. The candidates are what the detector
// reports as a verifiable CUDO key, and lines that are a bare 64-hex key
// and nothing else. A secret the detector reports under any other rule
// (an object-storage key, a VM password) is never a candidate, even if it
// also looks like a key: only CUDO API keys may be sent to the API.
// skip is told of each line skipped for its length.
func readInputKeys(r io.Reader, skip func(line int)) (*inputKeys, error) {
	in := &inputKeys{name: map[string]string{}, introduced: map[string]time.Time{}}
	var (
		order    []string
		seen     = map[string]bool{}
		deny     = map[string]bool{}
		chunk    []byte
		whole    []byte // the input as read, while it may be a JSON report
		wholeOK  = true
		mentions bool
	)
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			order = append(order, k)
		}
	}
	hint := rules.Hint{}
	detect := func() {
		// Stdin has no name, and the name of a cudoctl config is what
		// tells the detector its keys: entries hold keys. cudoctl writes
		// configVersion first.
		if hint.Path == "" && (bytes.HasPrefix(chunk, []byte("configVersion:")) || bytes.Contains(chunk, []byte("\nconfigVersion:"))) {
			hint.Path = "cudo.yml"
		}
		hint.FileMentionsCudo = mentions
		ms, m := rules.Default.FindChunk(chunk, hint)
		mentions = mentions || m
		for _, x := range ms {
			switch {
			case x.Secret == "":
			case rules.Verifiable(x.RuleID):
				add(x.Secret)
				if n := nameBeside(chunk, x.Start); n != "" && in.name[x.Secret] == "" {
					in.name[x.Secret] = n
				}
			default:
				deny[x.Secret] = true
			}
		}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := readLine(br)
		if len(line) > 0 || err == nil || errors.Is(err, errLongLine) {
			in.lines++
		}
		if errors.Is(err, errLongLine) {
			in.skipped++
			skip(in.lines)
			line, err = []byte("\n"), nil // keeps the line count of what follows
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		if k := bytes.TrimSpace(line); isBareKey(k) {
			add(string(k))
		}
		chunk = append(chunk, line...)
		if wholeOK {
			if whole = append(whole, line...); len(whole) > maxJSONReport || in.skipped > 0 {
				whole, wholeOK = nil, false
			}
		}
		if len(chunk) >= inputChunk {
			detect()
			// Carry the end over, for context across the cut: a key
			// found twice is still one candidate.
			tail := chunk[len(chunk)-inputOverlap:]
			if i := bytes.IndexByte(tail, '\n'); i >= 0 {
				tail = tail[i+1:]
			}
			chunk = append(chunk[:0:0], tail...)
		}
		if err == io.EOF {
			break
		}
	}
	detect()
	if wholeOK {
		readJSONReport(whole, in, add, deny)
	}
	for _, k := range order {
		if !deny[k] {
			in.keys = append(in.keys, k)
		}
	}
	return in, nil
}

var errLongLine = errors.New("line too long")

// readLine returns the next line with its newline, or errLongLine (having
// read past the line) when it is longer than maxInputLine.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		part, err := br.ReadSlice('\n')
		if len(line)+len(part) > maxInputLine {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, errLongLine
		}
		line = append(line, part...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

// isBareKey reports whether a line is a 64-hex key and nothing else:
// what a user pipes in when asked for "the key".
func isBareKey(b []byte) bool {
	if len(b) != 64 {
		return false
	}
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// keyNameLine is a "name: X" line of a cudoctl config's keys: entry.
var keyNameLine = regexp.MustCompile(`^\s*(?:-\s+)?name:\s*["']?([A-Za-z0-9_-]{1,63})["']?\s*$`)

// isItem reports whether a line starts a YAML list item.
var isItem = regexp.MustCompile(`^\s*-\s`).MatchString

// nameBeside returns the name given in the same YAML list item as the key
// at offset at, as cudoctl writes its keys: "- key: ...\n  name: ...".
// It looks a few lines either way and stops at the next item.
func nameBeside(src []byte, at int) string {
	start := bytes.LastIndexByte(src[:at], '\n') + 1
	lines := func(from int, dir int) []string {
		var out []string
		for i, p := 0, from; i < 4; i++ {
			if dir < 0 {
				if p <= 0 {
					break
				}
				q := bytes.LastIndexByte(src[:p-1], '\n') + 1
				out, p = append(out, string(src[q:p-1])), q
				continue
			}
			e := bytes.IndexByte(src[p:], '\n')
			if e < 0 {
				out = append(out, string(src[p:]))
				break
			}
			out, p = append(out, string(src[p:p+e])), p+e+1
		}
		return out
	}
	here := lines(start, +1)
	if len(here) == 0 {
		return ""
	}
	// The key's own line, then the lines below it up to the next item.
	for i, l := range here {
		if i > 0 && isItem(l) {
			break
		}
		if m := keyNameLine.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	// The lines above it, when the key's line is not the item's first.
	if isItem(here[0]) {
		return ""
	}
	for _, l := range lines(start, -1) {
		if m := keyNameLine.FindStringSubmatch(l); m != nil {
			return m[1]
		}
		if isItem(l) {
			break
		}
	}
	return ""
}

// readJSONReport reads input that is a JSON report of cudoscan with
// --show-secrets. Its findings say which rule found each secret, and, in
// history mode, the commit that introduced it.
func readJSONReport(b []byte, in *inputKeys, add func(string), deny map[string]bool) {
	type commit struct {
		Date string `json:"date"`
	}
	var doc struct {
		Findings []struct {
			Rule        string  `json:"rule"`
			Secret      string  `json:"secret"`
			Commit      *commit `json:"commit"`
			Occurrences []struct {
				Commit *commit `json:"commit"`
			} `json:"occurrences"`
		} `json:"findings"`
	}
	if b = bytes.TrimSpace(b); len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &doc) != nil {
		return
	}
	for _, f := range doc.Findings {
		if f.Secret == "" {
			continue
		}
		if !rules.Verifiable(f.Rule) {
			deny[f.Secret] = true
			continue
		}
		add(f.Secret)
		dates := []*commit{f.Commit}
		for _, o := range f.Occurrences {
			dates = append(dates, o.Commit)
		}
		for _, c := range dates {
			if c == nil {
				continue
			}
			if t, err := time.Parse(time.RFC3339, c.Date); err == nil {
				if old, ok := in.introduced[f.Secret]; !ok || t.Before(old) {
					in.introduced[f.Secret] = t
				}
			}
		}
	}
}

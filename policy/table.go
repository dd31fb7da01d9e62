package policy

import (
	"github.com/cudoscan/cudoscan/config"
	"github.com/cudoscan/cudoscan/report"
)

// Option is one setting of the table: everything that defines it, once.
type Option struct {
	// Flag is the flag's name without dashes; "" for a setting only the
	// config file holds. Short is a one-letter alias ("v").
	Flag, Short string
	// Arg names the flag's value in docs (FILE, GLOB, N); "" for a switch.
	Arg string
	// Config is the config file key ("verify.timeout"); "" for a setting
	// only a flag gives.
	Config string
	// Doc is the one-line help; More is what the README adds to it.
	Doc, More string
	// Choices are the values accepted, when they are a fixed set.
	Choices []string
	// Modes are the commands that take the option.
	Modes Mode
	// Adds: the flag's values add to the config file's instead of
	// replacing them (--include, --exclude).
	Adds bool

	// field returns the Settings field the option sets (*string, *bool,
	// *int, *time.Duration, *List, *Size), or nil for a config setting
	// that policy reads from the config file itself (allow).
	field func(*Settings) any
	// fromConfig copies the config file's value into s, when the file
	// sets it.
	fromConfig func(s *Settings, c *config.Config)
}

// Table is every option of cudoscan and cudovet, in the order -h and the
// README list them.
var Table = []Option{
	{Flag: "format", Arg: "FORMAT", Choices: report.Formats, Modes: modesReporting,
		Doc:   "output format",
		field: func(s *Settings) any { return &s.Format }},
	{Flag: "output", Arg: "FILE", Modes: modesReporting,
		Doc:   "write findings to FILE instead of stdout",
		More:  "a new path or an existing regular file, which keeps its mode and hard links; a symlink (name its target instead), device, FIFO or directory is refused",
		field: func(s *Settings) any { return &s.Output }},
	{Flag: "sarif", Arg: "FILE", Modes: modesReporting,
		Doc:   "also write the findings as SARIF 2.1.0 to FILE, besides --format's output (one scan for the console and for code scanning)",
		More:  "refused as --output is: a symlink, device, FIFO or directory",
		field: func(s *Settings) any { return &s.SARIFOutput }},
	{Flag: "output", Arg: "FILE", Config: "baseline", Modes: ModeBaseline,
		Doc:        "write the baseline to FILE (default: the config file's baseline, else stdout)",
		field:      func(s *Settings) any { return &s.BaselineOutput },
		fromConfig: func(s *Settings, c *config.Config) { s.BaselineOutput = c.Baseline }},
	{Flag: "include", Arg: "GLOB", Config: "include", Modes: modesScanning | ModeVet, Adds: true,
		Doc:        "scan only paths matching this doublestar GLOB (repeatable)",
		More:       "globs are on slash-separated paths relative to each scan root; flags add to the config file's",
		field:      func(s *Settings) any { return &s.Include },
		fromConfig: func(s *Settings, c *config.Config) { s.Include = append(List(c.Include), s.Include...) }},
	{Flag: "exclude", Arg: "GLOB", Config: "exclude", Modes: modesScanning | ModeVet, Adds: true,
		Doc:        "skip paths matching this doublestar GLOB (repeatable)",
		More:       "an excluded directory is not entered (`--exclude '**/testdata/**'`)",
		field:      func(s *Settings) any { return &s.Exclude },
		fromConfig: func(s *Settings, c *config.Config) { s.Exclude = append(List(c.Exclude), s.Exclude...) }},
	{Flag: "max-file-size", Arg: "SIZE", Modes: modesScanning,
		Doc:   "skip walked files larger than SIZE (e.g. 100MB; 0: no limit)",
		More:  "files named on the command line, and git blobs in `staged` and `history`, are always read",
		field: func(s *Settings) any { return &s.MaxFileSize }},
	{Flag: "max-findings-per-file", Arg: "N", Modes: modesScanning,
		Doc:   "findings listed per file (or blob); past it, one finding says how many more (0: no limit)",
		More:  "a file of a million directives then costs 0.9 s and 160 MB, not 18 s and 2.6 GB",
		field: func(s *Settings) any { return &s.MaxFindings }},
	{Flag: "jobs", Arg: "N", Modes: modesScanning,
		Doc:   "files scanned at once (default: 4 per CPU; git modes: 1 per CPU)",
		More:  "4 per CPU keeps a cold disk busy; `staged` runs one `git cat-file` per job, `history` one worker per job that reads packed blobs itself",
		field: func(s *Settings) any { return &s.Jobs }},
	{Flag: "decode-depth", Arg: "N", Modes: modesScanning,
		Doc:   "layers of encoding (base64, hex, percent-encoding, \\u and \\x escapes) decoded to find keys inside encoded values; 0: none",
		field: func(s *Settings) any { return &s.DecodeDepth }},
	{Flag: "archive-depth", Arg: "N", Modes: modesScanning,
		Doc:   "layers of archives unpacked to scan what they hold (zip, and so jar, wheel and Terraform plan; tar; gzip; tar.gz), each entry reported as archive.zip!inner/path; 0: none",
		More:  "archives are found by their bytes, not their names; bounded per file: 1 GiB unpacked, 100,000 entries, a 100:1 ratio past 8 MiB (a bomb), 32 MiB in memory for a zip that is no file on disk (a blob, stdin, a zip in an archive); what a bound stops is counted in the summary",
		field: func(s *Settings) any { return &s.ArchiveDepth }},
	{Flag: "min-confidence", Arg: "LEVEL", Config: "min-confidence", Choices: []string{"medium", "high"}, Modes: modesScanning | ModeVet,
		Doc:   "report key findings of at least this confidence (baseline: record them)",
		field: func(s *Settings) any { return &s.MinConfidence },
		fromConfig: func(s *Settings, c *config.Config) {
			setIf(&s.MinConfidence, c.MinConfidence.String(), c.MinConfidence != 0)
		}},
	{Flag: "follow-symlinks", Modes: ModeScan | ModeBaseline,
		Doc:   "follow symbolic links (loops are detected)",
		field: func(s *Settings) any { return &s.FollowSymlinks }},
	{Flag: "color", Arg: "WHEN", Choices: []string{"auto", "always", "never"}, Modes: modesReporting,
		Doc:   "color output (auto: only a terminal, and only when NO_COLOR is unset)",
		field: func(s *Settings) any { return &s.Color }},
	{Flag: "show-secrets", Modes: modesReporting | ModeVerify,
		Doc:   "print secrets in full (default: first and last 4 characters)",
		field: func(s *Settings) any { return &s.ShowSecrets }},
	{Flag: "list-suppressed", Modes: modesReporting,
		Doc:   "also list suppressed findings (cudoscan:allow, the config file's allow list, the baseline) with their reasons",
		field: func(s *Settings) any { return &s.ListSuppressed }},
	{Flag: "config", Arg: "FILE", Modes: modesScanning | ModeVet,
		Doc:   "read settings from FILE (default: " + config.FileName + " at the scan root, else in the working directory)",
		More:  "cudovet looks from each package's directory upward",
		field: func(s *Settings) any { return &s.ConfigFile }},
	{Flag: "no-config", Modes: modesScanning | ModeVet,
		Doc:   "do not read " + config.FileName,
		field: func(s *Settings) any { return &s.NoConfig }},
	{Flag: "baseline", Arg: "FILE", Config: "baseline", Modes: modesReporting,
		Doc:        "do not report findings listed in FILE, written by 'cudoscan baseline' (a live key under --verify is always reported)",
		field:      func(s *Settings) any { return &s.BaselineFile },
		fromConfig: func(s *Settings, c *config.Config) { setIf(&s.BaselineFile, c.Baseline, c.Baseline != "") }},
	{Flag: "verify", Modes: modesReporting,
		Doc:   "ask the CUDO API whether each key found is live (sends each key once, to the API host only)",
		More:  "see [`--verify`](#is-the-key-live---verify)",
		field: func(s *Settings) any { return &s.Verify }},
	{Flag: "api-url", Arg: "URL", Config: "verify.api-url", Modes: modesReporting | ModeVerify | ModeRevoke,
		Doc:        "CUDO API base URL for --verify (https; http only for loopback)",
		field:      func(s *Settings) any { return &s.APIURL },
		fromConfig: func(s *Settings, c *config.Config) { setIf(&s.APIURL, c.Verify.APIURL, c.Verify.APIURL != "") }},
	{Flag: "verify-timeout", Arg: "DURATION", Config: "verify.timeout", Modes: modesReporting | ModeVerify | ModeRevoke,
		Doc:        "bound on the whole verification; keys not reached are unknown",
		field:      func(s *Settings) any { return &s.VerifyTimeout },
		fromConfig: func(s *Settings, c *config.Config) { setIf(&s.VerifyTimeout, c.Verify.Timeout, c.Verify.Timeout > 0) }},
	{Flag: "verify-max-wait", Arg: "DURATION", Config: "verify.max-wait", Modes: modesReporting | ModeVerify | ModeRevoke,
		Doc:        "cap on each wait between retries (Retry-After, backoff)",
		field:      func(s *Settings) any { return &s.VerifyMaxWait },
		fromConfig: func(s *Settings, c *config.Config) { setIf(&s.VerifyMaxWait, c.Verify.MaxWait, c.Verify.MaxWait > 0) }},
	{Flag: "verify-jobs", Arg: "N", Config: "verify.jobs", Modes: modesReporting | ModeVerify,
		Doc:        "keys verified at once",
		field:      func(s *Settings) any { return &s.VerifyJobs },
		fromConfig: func(s *Settings, c *config.Config) { setIf(&s.VerifyJobs, c.Verify.Jobs, c.Verify.Jobs > 0) }},
	{Flag: "name", Arg: "NAME", Modes: ModeRevoke,
		Doc:   "delete the API key named NAME (a name GET /v1/api-keys lists); without --yes, confirmed at the terminal",
		field: func(s *Settings) any { return &s.RevokeName }},
	{Flag: "yes", Modes: ModeRevoke,
		Doc:   "delete the key --name names without asking; without it, revoke is a dry run unless confirmed at the terminal",
		More:  "see [`cudoscan revoke`](#cudoscan-revoke)",
		field: func(s *Settings) any { return &s.Yes }},
	{Flag: "all", Modes: ModeStaged,
		Doc:   "scan every file in the index, not only the staged changes",
		field: func(s *Settings) any { return &s.All }},
	{Flag: "all", Modes: ModeHistory,
		Doc:   "walk every ref (the default when no REV is given)",
		field: func(s *Settings) any { return &s.All }},
	{Flag: "since", Arg: "REV", Modes: ModeHistory,
		Doc:   "scan only commits that REV does not reach: what was committed after it",
		field: func(s *Settings) any { return &s.Since }},
	{Flag: "all-occurrences", Modes: ModeHistory,
		Doc:   "report every version of a file that holds a finding (a row per blob), not one finding per leak",
		field: func(s *Settings) any { return &s.AllOccurrences }},
	{Flag: "allow-shallow", Modes: ModeHistory,
		Doc:   "scan a shallow clone's history as far as it goes instead of refusing (the summary says it is partial)",
		More:  "without it a shallow clone is exit 2: what it lacks was never scanned",
		field: func(s *Settings) any { return &s.AllowShallow }},
	{Flag: "history", Modes: ModeBaseline,
		Doc:   "record the findings of the git history ('cudoscan history') instead of the files",
		More:  "then `cudoscan history --baseline FILE` reports only new leaks",
		field: func(s *Settings) any { return &s.History }},
	{Flag: "C", Arg: "DIR", Modes: modesGit,
		Doc:   "run as if started in DIR",
		field: func(s *Settings) any { return &s.Dir }},
	{Flag: "verbose", Short: "v", Modes: modesScanning,
		Doc:   "list every skipped file on stderr",
		field: func(s *Settings) any { return &s.Verbose }},
	{Config: "allow", Modes: modesScanning | ModeVet,
		Doc: "paths whose findings are not reported, each with a reason; \"rules\" limits an entry to some rules"},
	{Config: "context-words", Modes: modesScanning | ModeVet,
		Doc:        "extra words that count as CUDO context",
		field:      func(s *Settings) any { return &s.ContextWords },
		fromConfig: func(s *Settings, c *config.Config) { s.ContextWords = c.ContextWords }},
	{Config: "placeholders", Modes: modesScanning | ModeVet,
		Doc:        "extra values never reported as keys",
		field:      func(s *Settings) any { return &s.Placeholders },
		fromConfig: func(s *Settings, c *config.Config) { s.Placeholders = c.Placeholders }},
}

// setIf sets *dst to v when ok: a config file value, when the file has one.
func setIf[T any](dst *T, v T, ok bool) {
	if ok {
		*dst = v
	}
}

// options returns the options a mode takes.
func options(m Mode) []Option {
	var out []Option
	for _, o := range Table {
		if o.Modes&m != 0 {
			out = append(out, o)
		}
	}
	return out
}

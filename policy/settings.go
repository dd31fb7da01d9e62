package policy

import (
	"time"

	"github.com/cudoscan/cudoscan/rules"
	"github.com/cudoscan/cudoscan/scanner"
	"github.com/cudoscan/cudoscan/verify"
)

// Settings are the values of every option of a run, after the defaults,
// the config file and the flags. Table says which field each option sets.
type Settings struct {
	// What is scanned and found.
	Include, Exclude List
	MaxFileSize      Size
	Jobs             int
	DecodeDepth      int
	ArchiveDepth     int // archive layers unpacked; 0: none
	MaxFindings      int // per file or blob; 0: no limit
	MinConfidence    string
	FollowSymlinks   bool
	Verbose          bool

	// How findings are written.
	Format, Output, Color string
	SARIFOutput           string // --sarif: a second report, as SARIF
	ShowSecrets           bool
	ListSuppressed        bool

	// Where settings and baselines come from.
	ConfigFile   string
	NoConfig     bool
	BaselineFile string

	// Verification.
	Verify        bool
	APIURL        string
	VerifyTimeout time.Duration
	VerifyMaxWait time.Duration
	VerifyJobs    int

	// cudoscan revoke.
	RevokeName string // --name: the API key to delete
	Yes        bool   // --yes: delete it without asking

	// The git modes.
	All            bool   // staged: the whole index; history: every ref
	Dir            string // -C
	Since          string // history --since
	AllOccurrences bool   // history: a row per blob version, not one finding per leak
	AllowShallow   bool   // history: scan a shallow clone's partial history
	History        bool   // baseline: record the history's findings

	// BaselineOutput is where the baseline command writes (its --output).
	BaselineOutput string

	// Config-file-only settings: they have no flag.
	ContextWords, Placeholders []string
}

// DefaultMaxFileSize bounds the files a directory walk reads; files named
// on the command line are read whatever their size.
const DefaultMaxFileSize = 100 << 20

// Defaults returns the settings of a run given no flag and no config file.
func Defaults() Settings {
	return Settings{
		MaxFileSize:   DefaultMaxFileSize,
		DecodeDepth:   rules.DefaultDecodeDepth,
		ArchiveDepth:  scanner.DefaultArchiveDepth,
		MaxFindings:   scanner.DefaultMaxFindingsPerFile,
		MinConfidence: rules.ConfidenceMedium.String(),
		Format:        "text",
		Color:         "auto",
		APIURL:        verify.DefaultBaseURL,
		VerifyTimeout: verify.DefaultTimeout,
		VerifyMaxWait: verify.DefaultMaxWait,
		VerifyJobs:    verify.DefaultJobs,
		Dir:           ".",
	}
}

package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/cudoscan/cudoscan/internal/version"
	"github.com/cudoscan/cudoscan/report"
	"github.com/cudoscan/cudoscan/verify"
)

// verifyConfig holds the --verify flags. Without --verify the tool never
// opens a network connection.
type verifyConfig struct {
	enabled bool
	apiURL  string
	timeout time.Duration
	maxWait time.Duration
	jobs    int
}

func (c *verifyConfig) register(fs *flag.FlagSet) {
	fs.BoolVar(&c.enabled, "verify", false, "ask the CUDO API whether each key found is live (sends each key once, to the API host only)")
	c.registerTuning(fs)
}

// registerTuning registers the flags that tune verification, shared with
// the verify command.
func (c *verifyConfig) registerTuning(fs *flag.FlagSet) {
	fs.StringVar(&c.apiURL, "api-url", verify.DefaultBaseURL, "CUDO API base `URL` for --verify (https; http only for loopback)")
	fs.DurationVar(&c.timeout, "verify-timeout", verify.DefaultTimeout, "bound on the whole verification; keys not reached are unknown")
	fs.DurationVar(&c.maxWait, "verify-max-wait", verify.DefaultMaxWait, "cap on each wait between retries (Retry-After, backoff)")
	fs.IntVar(&c.jobs, "verify-jobs", verify.DefaultJobs, "keys verified at once")
}

// verifier builds the one Verifier of a run, so that every key shares its
// rate-limit hold-off.
func (c *verifyConfig) verifier() (*verify.Verifier, error) {
	if c.jobs <= 0 || c.timeout <= 0 || c.maxWait <= 0 {
		return nil, fmt.Errorf("--verify-jobs, --verify-timeout and --verify-max-wait must be positive")
	}
	return verify.New(verify.Options{BaseURL: c.apiURL, UserAgent: version.UserAgent(),
		Timeout: c.timeout, MaxWait: c.maxWait, Jobs: c.jobs})
}

// check validates the flags before any scanning starts.
func (c *verifyConfig) check() error {
	if !c.enabled {
		return nil
	}
	_, err := c.verifier()
	return err
}

// apply verifies the distinct secrets of the report's findings and records
// the verdicts in the report. Keys suppressed inline are verified too, and
// one verified live is reported again: a cudoscan:allow saying "revoked"
// about a key that still works is exactly what --verify is for. The baseline
// and the config file's allow list, applied after this, make the same
// exception.
func (c *verifyConfig) apply(ctx context.Context, rep *report.Report) error {
	if !c.enabled {
		return nil
	}
	v, err := c.verifier()
	if err != nil {
		return err
	}
	var keys []string
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Secret != "" && !seen[f.Secret] {
			seen[f.Secret] = true
			keys = append(keys, f.Secret)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	rep.Verdicts = v.CheckAll(ctx, keys)
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if vd, ok := rep.Verdict(*f); ok && vd.Live() && f.Suppressed {
			f.Message += fmt.Sprintf(" (suppressed by cudoscan:allow %q, but the key is live)", f.SuppressReason)
			f.Suppressed, f.SuppressReason = false, ""
		}
	}
	return nil
}

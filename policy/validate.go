package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cudoscan/cudoscan/scanner"
)

// validate checks settings before anything is scanned, naming the flag
// (or config key) at fault.
func validate(s *Settings, m Mode) error {
	for _, o := range options(m) {
		if len(o.Choices) == 0 || o.field == nil {
			continue
		}
		if v := *o.field(s).(*string); !slices.Contains(o.Choices, v) {
			return fmt.Errorf("--%s must be %s, not %q", o.Flag, choiceList(o.Choices), v)
		}
	}
	checks := []struct {
		bad bool
		msg string
	}{
		{s.NoConfig && s.ConfigFile != "", "--config and --no-config cannot be used together"},
		{s.Jobs < 0, "--jobs must be positive"},
		{s.DecodeDepth < 0, "--decode-depth must be 0 or more"},
		{s.ArchiveDepth < 0, "--archive-depth must be 0 or more"},
		{s.MaxFindings < 0, "--max-findings-per-file must be 0 (no limit) or more"},
		{s.SARIFOutput != "" && s.SARIFOutput == s.Output, "--sarif and --output name the same file: one report would overwrite the other"},
	}
	for _, c := range checks {
		if c.bad && m&modesScanning != 0 {
			return fmt.Errorf("%s", c.msg)
		}
	}
	if err := scanner.ValidateGlobs(s.Include); err != nil {
		return fmt.Errorf("--include: %w", err)
	}
	if err := scanner.ValidateGlobs(s.Exclude); err != nil {
		return fmt.Errorf("--exclude: %w", err)
	}
	return nil
}

// choiceList writes choices as a sentence: "medium or high", "auto,
// always or never", and "one of a, b, c, d" past three.
func choiceList(c []string) string {
	switch {
	case len(c) == 1:
		return c[0]
	case len(c) > 3:
		return "one of " + strings.Join(c, ", ")
	}
	return strings.Join(c[:len(c)-1], ", ") + " or " + c[len(c)-1]
}

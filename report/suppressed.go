package report

import (
	"fmt"
	"strings"

	"github.com/cudoscan/cudoscan/finding"
)

// suppressionSources says what suppressed the findings, for the summary:
// "" when only cudoscan:allow directives did, else " (1 inline, 2 by the
// baseline, 1 by the config file)".
func suppressionSources(r *Report) string {
	var inline, base, conf int
	for _, f := range r.Findings {
		if !f.Suppressed {
			continue
		}
		switch f.SuppressedBy {
		case finding.SuppressedByBaseline:
			base++
		case finding.SuppressedByConfig:
			conf++
		default:
			inline++
		}
	}
	if base+conf == 0 {
		return ""
	}
	var parts []string
	if inline > 0 {
		parts = append(parts, fmt.Sprintf("%d inline", inline))
	}
	if base > 0 {
		parts = append(parts, fmt.Sprintf("%d by the baseline", base))
	}
	if conf > 0 {
		parts = append(parts, fmt.Sprintf("%d by the config file", conf))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

package policy

import "github.com/cudoscan/cudoscan/report"

// Exit codes of cudoscan. They are a contract: hooks and CI tell "found
// something" from "could not do its job" by them. (cudovet's are go vet's
// and the analysis framework's; see the README.)
const (
	ExitClean    = 0 // scanned something, found nothing
	ExitFindings = 1 // found something
	ExitError    = 2 // usage error, nothing scanned, or unreadable files and nothing found
	ExitLive     = 3 // a verified live key (--verify)
)

// ExitCode is the last stage of the pipeline: the exit code a report
// calls for.
func ExitCode(rep *report.Report) int {
	if rep.LiveKeys() > 0 {
		return ExitLive
	}
	for _, f := range rep.Findings {
		if !f.Suppressed {
			return ExitFindings
		}
	}
	if rep.Incomplete != "" {
		return ExitError // git could not read part of the history: no all-clear
	}
	if (rep.Stats.Files == 0 && rep.Empty == "") || len(rep.Stats.Errors) > 0 || rep.Interrupted {
		return ExitError
	}
	return ExitClean
}

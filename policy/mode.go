package policy

import "strings"

// Mode is a command that takes options: a subcommand of cudoscan, or
// cudovet. Modes combine as a set in Option.Modes.
type Mode uint

const (
	ModeScan     Mode = 1 << iota // cudoscan scan
	ModeStaged                    // cudoscan staged
	ModeHistory                   // cudoscan history
	ModeBaseline                  // cudoscan baseline
	ModeVerify                    // cudoscan verify
	ModeVet                       // cudovet, which reads only the config file
	ModeRevoke                    // cudoscan revoke

	// modesReporting are the modes that write a report of findings.
	modesReporting = ModeScan | ModeStaged | ModeHistory
	// modesScanning are the modes that scan files or blobs.
	modesScanning = modesReporting | ModeBaseline
	// modesGit are the modes that read a git repository.
	modesGit = ModeStaged | ModeHistory
)

var modeNames = []struct {
	m    Mode
	name string
}{
	{ModeScan, "scan"}, {ModeStaged, "staged"}, {ModeHistory, "history"},
	{ModeBaseline, "baseline"}, {ModeVerify, "verify"}, {ModeVet, "cudovet"},
	{ModeRevoke, "revoke"},
}

// String names the modes of a set: "scan, staged, history".
func (m Mode) String() string {
	var names []string
	for _, n := range modeNames {
		if m&n.m != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ", ")
}

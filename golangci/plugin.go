// Package golangci makes cudovet a golangci-lint module plugin, named
// "cudovet". A custom golangci-lint is built with it by `golangci-lint
// custom`, from a .custom-gcl.yml such as
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/cudoscan/cudoscan
//	    import: github.com/cudoscan/cudoscan/golangci
//	    version: v1.0.0
//
// and enabled in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable: [cudovet]
//	  settings:
//	    custom:
//	      cudovet:
//	        type: module
//	        description: leaked CUDO API keys and malformed Authorization headers
//	        settings:
//	          config: .cudoscan.yaml
//
// The settings are cudovet's flags, spelled the same: config, no-config,
// include, exclude (lists), min-confidence. Without settings the plugin
// reads the .cudoscan.yaml found from each package's directory upward, as
// cudovet does.
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cudoscan/cudoscan/analyzer"
)

// Name is the plugin's name: the key of its entry under
// linters.settings.custom, and the linter's name in golangci-lint's output.
const Name = "cudovet"

func init() { register.Plugin(Name, New) }

// plugin is the configured cudovet of one golangci-lint run.
type plugin struct{ analyzer *analysis.Analyzer }

// New makes the plugin from its settings, as golangci-lint decoded them
// from YAML: nil, or a map of cudovet's flag names to values. The analyzer
// is made now, so that a bad setting fails when golangci-lint starts,
// naming the setting, and not on the first package.
func New(settings any) (register.LinterPlugin, error) {
	args, err := flagArgs(settings)
	if err != nil {
		return nil, err
	}
	a, err := analyzer.New(args...)
	if err != nil {
		return nil, fmt.Errorf("cudovet settings: %w", err)
	}
	return &plugin{analyzer: a}, nil
}

// BuildAnalyzers returns cudovet, with the plugin's settings and a policy
// cache of its own.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode asks for type information: the header and split-key checks
// need the type checker.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

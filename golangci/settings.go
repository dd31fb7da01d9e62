package golangci

import (
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cudoscan/cudoscan/analyzer"
	"github.com/cudoscan/cudoscan/internal/suggest"
	"github.com/cudoscan/cudoscan/policy"
)

// flagArgs turns the plugin's settings into cudovet's command-line flags,
// so that every setting means exactly what its flag means, and a flag
// added to cudovet is a setting here with no change to this package. The
// flags are read off analyzer.Analyzer, which has the same ones as every
// analyzer New makes.
func flagArgs(settings any) ([]string, error) {
	if settings == nil {
		return nil, nil
	}
	m, ok := settings.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("cudovet settings: want a map of setting names to values, got %T", settings)
	}
	var args []string
	for _, name := range slices.Sorted(maps.Keys(m)) {
		f := analyzer.Analyzer.Flags.Lookup(name)
		if f == nil {
			return nil, unknownSetting(name)
		}
		values, err := flagValues(f, m[name])
		if err != nil {
			return nil, fmt.Errorf("cudovet settings: %s: %w", name, err)
		}
		for _, v := range values {
			args = append(args, "-"+name+"="+v)
		}
	}
	return args, nil
}

// flagValues returns the values of setting v as the flag f is given them:
// one for a string, a number or a boolean; one per element of a list, for
// a flag that may be repeated (include, exclude).
func flagValues(f *flag.Flag, v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case bool, int, int64, uint64, float64:
		return []string{fmt.Sprint(v)}, nil
	case []any:
		if !repeatable(f) {
			return nil, fmt.Errorf("takes one value, not a list")
		}
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want a list of strings, got %T in it", e)
			}
			out = append(out, s)
		}
		return out, nil
	case nil:
		return nil, fmt.Errorf("no value")
	default:
		return nil, fmt.Errorf("want a string, a number, a boolean or a list, got %T", v)
	}
}

// repeatable reports whether f adds a value each time it is given, as
// include and exclude do, rather than keeping the last.
func repeatable(f *flag.Flag) bool {
	_, ok := f.Value.(*policy.List)
	return ok
}

// unknownSetting is the error for a setting cudovet has no flag for.
func unknownSetting(name string) error {
	var names []string
	analyzer.Analyzer.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	msg := fmt.Sprintf("cudovet settings: unknown setting %q", name)
	if s := suggest.Closest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("%s; the settings are: %s", msg, strings.Join(names, ", "))
}

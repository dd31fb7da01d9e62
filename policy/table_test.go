package policy

import (
	"flag"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/config"
)

var update = flag.Bool("update", false, "rewrite the README's table of options from the settings table")

// TestEveryModeRegisters registers every mode's flags: an option whose
// field has no flag type, or two options with one flag name in a mode,
// panic here rather than in a user's hands. Every flag of the table is
// registered by some mode.
func TestEveryModeRegisters(t *testing.T) {
	registered := map[string]bool{}
	for _, n := range modeNames {
		s := Defaults()
		fs := flag.NewFlagSet(n.name, flag.ContinueOnError)
		Register(fs, n.m, &s)
		fs.VisitAll(func(f *flag.Flag) { registered[f.Name] = true })
	}
	for _, o := range Table {
		if o.Flag != "" && !registered[o.Flag] {
			t.Errorf("--%s is in the table but no mode registers it", o.Flag)
		}
	}
}

// TestTableCoversConfig: every key the config file accepts is an option
// of the table, and every config key of the table is one the file
// accepts.
func TestTableCoversConfig(t *testing.T) {
	var inTable []string
	for _, o := range Table {
		if o.Config != "" && !slices.Contains(inTable, o.Config) {
			inTable = append(inTable, o.Config)
		}
	}
	slices.Sort(inTable)
	accepted := config.Keys()
	slices.Sort(accepted)
	if !slices.Equal(inTable, accepted) {
		t.Errorf("config keys in the table %q, accepted by the config file %q", inTable, accepted)
	}
}

// TestExampleIsTheDefaults: the file 'cudoscan config init' writes shows
// every key of the table, and folding it into the defaults changes
// nothing, so the example and the table agree on every default.
func TestExampleIsTheDefaults(t *testing.T) {
	for _, o := range Table {
		key := o.Config[strings.LastIndexByte(o.Config, '.')+1:]
		if o.Config != "" && !strings.Contains(config.Example, key+":") {
			t.Errorf("config init's example does not show %s", o.Config)
		}
	}
	cfg, err := config.Parse("example", []byte(config.Example))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Mode{ModeScan, ModeBaseline, ModeVerify, ModeVet} {
		got, want := Defaults(), Defaults()
		for _, o := range options(m) {
			if o.fromConfig != nil {
				o.fromConfig(&got, cfg)
			}
		}
		if !reflect.DeepEqual(normal(got), normal(want)) {
			t.Errorf("%s: the example changes the defaults:\n got %+v\nwant %+v", m, got, want)
		}
	}
}

// normal makes empty and nil lists equal.
func normal(s Settings) Settings {
	for _, l := range []*List{&s.Include, &s.Exclude} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	for _, l := range []*[]string{&s.ContextWords, &s.Placeholders} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	return s
}

// TestREADME: the README's table of options is the one the settings table
// generates. go test ./policy -run TestREADME -update rewrites it.
func TestREADME(t *testing.T) {
	const readme = "../README.md"
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	begin, end := strings.Index(text, FlagTableBegin), strings.Index(text, FlagTableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("%s lacks the markers %q and %q around the table of options", readme, FlagTableBegin, FlagTableEnd)
	}
	current := text[begin+len(FlagTableBegin) : end]
	want := "\n" + FlagTable()
	if current == want {
		return
	}
	if *update {
		if err := os.WriteFile(readme, []byte(text[:begin+len(FlagTableBegin)]+want+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's table of options differs from the settings table; run go test ./policy -run TestREADME -update\nREADME:\n%s\ntable:\n%s", current, want)
}

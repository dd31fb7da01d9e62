package policy

import (
	"flag"
	"strings"
	"time"
)

// Register registers on fs the flags that mode m takes, each bound to its
// field of s; the field's value when Register runs is the flag's default.
func Register(fs *flag.FlagSet, m Mode, s *Settings) {
	for _, o := range options(m) {
		if o.Flag == "" || o.field == nil {
			continue
		}
		register(fs, o.Flag, o.usage(), o.field(s))
		if o.Short != "" {
			register(fs, o.Short, "short for --"+o.Flag, o.field(s))
		}
	}
}

func register(fs *flag.FlagSet, name, usage string, field any) {
	switch p := field.(type) {
	case *string:
		fs.StringVar(p, name, *p, usage)
	case *bool:
		fs.BoolVar(p, name, *p, usage)
	case *int:
		fs.IntVar(p, name, *p, usage)
	case *time.Duration:
		fs.DurationVar(p, name, *p, usage)
	case flag.Value:
		fs.Var(p, name, usage)
	default:
		panic("policy: option " + name + " has a field of no flag type")
	}
}

// usage is the option's -h line: its doc, with the value's name quoted as
// the flag package wants it (`FILE`), and its choices.
func (o Option) usage() string {
	u := o.Doc
	if o.Arg != "" && strings.Contains(u, o.Arg) {
		u = strings.Replace(u, o.Arg, "`"+o.Arg+"`", 1)
	}
	if len(o.Choices) > 0 {
		u += ": " + strings.Join(o.Choices, ", ")
	}
	return u
}

// given returns the names of the flags set on the command line, aliases
// under the name of their option.
func given(fs *flag.FlagSet, m Mode) map[string]bool {
	short := map[string]string{}
	for _, o := range options(m) {
		if o.Short != "" {
			short[o.Short] = o.Flag
		}
	}
	set := map[string]bool{}
	if fs != nil {
		fs.Visit(func(f *flag.Flag) {
			name := f.Name
			if long, ok := short[name]; ok {
				name = long
			}
			set[name] = true
		})
	}
	return set
}

package policy

import (
	"fmt"
	"strconv"
	"strings"
)

// List is a repeatable string option: each --include adds a glob.
type List []string

func (s *List) String() string     { return strings.Join(*s, ",") }
func (s *List) Set(v string) error { *s = append(*s, v); return nil }

// Size is a byte size: 1048576, 512KB, 100MB, 1GiB; 0 means no limit.
type Size int64

func (s *Size) String() string { return formatSize(int64(*s)) }

func (s *Size) Set(v string) error {
	n, err := ParseSize(v)
	if err != nil {
		return err
	}
	*s = Size(n)
	return nil
}

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1},
}

// ParseSize reads a byte size: a number of bytes, or a number with KB, MB,
// GB (powers of 1000), KiB, MiB, GiB, K, M or G (powers of 1024).
func ParseSize(v string) (int64, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q (want bytes, or a number with KB, MB, GB, KiB, MiB, GiB)", v)
	}
	return int64(n * float64(mult)), nil
}

// formatSize writes a size the way a user would type it: 100MiB, not
// 104857600.
func formatSize(n int64) string {
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.mult && n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

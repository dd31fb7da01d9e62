package scanner

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cudoscan/cudoscan/internal/archivetest"
	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// F, Zip, Tar...: the archive builders, short.
var (
	F     = archivetest.F
	zipOf = archivetest.Zip
	tarOf = archivetest.Tar
	tgzOf = archivetest.TarGz
	gzOf  = archivetest.Gzip
)

func envFile(key string) string { return "# deploy\nCUDO_API_KEY=" + key + "\n" }

// scanArchives scans a tree of files with archives unpacked (depth
// DefaultArchiveDepth unless opts says) and fails on an error.
func scanArchives(t *testing.T, files map[string]string, opts Options) *Result {
	t.Helper()
	if opts.ArchiveDepth == 0 {
		opts.ArchiveDepth = DefaultArchiveDepth
	}
	res, err := Scan(context.Background(), []string{writeTree(t, files)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stats.Errors) > 0 {
		t.Errorf("errors: %v", res.Stats.Errors)
	}
	return res
}

// keyPaths lists where keys were found, as path:line:column.
func keyPaths(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Secret != "" {
			out = append(out, fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column))
		}
	}
	return out
}

func wantKeys(t *testing.T, res *Result, want ...string) {
	t.Helper()
	if got := keyPaths(res); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("keys found at %q, want %q", got, want)
	}
}

// wantSkip checks that path was skipped with a reason that starts with
// prefix.
func wantSkip(t *testing.T, st Stats, path, prefix string) {
	t.Helper()
	reason, ok := skipReasons(st)[path]
	if !ok || !strings.HasPrefix(reason, prefix) {
		t.Errorf("skip of %q = %q (skipped: %v), want %q...", path, reason, st.Skipped, prefix)
	}
}

// A key in a zip entry is found at zip!entry, placed within the entry;
// a binary entry is a skip under its own path, and a directory entry
// nothing. With archives off the zip is binary, as before.
func TestArchiveZip(t *testing.T) {
	key := testkeys.New(t)
	z := zipOf(t, F("docs/", ""), F("docs/README", "nothing here\n"), F("config/.env", envFile(key)),
		archivetest.File{Name: "logo.png", Data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")})
	files := map[string]string{"bundle.zip": string(z), "plain.env": envFile(key)}
	res := scanArchives(t, files, Options{})
	wantKeys(t, res, "bundle.zip!config/.env:2:14", "plain.env:2:14")
	wantSkip(t, res.Stats, "bundle.zip!logo.png", "binary")
	if res.Stats.Files != 2 || res.Stats.Bytes != int64(len(z)+len(files["plain.env"])) || len(res.Stats.Skipped) != 1 {
		t.Errorf("stats %+v: want 2 files (the zip one of them), its own size, one skip", res.Stats)
	}

	off, err := Scan(context.Background(), []string{writeTree(t, files)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantKeys(t, off, "plain.env:2:14")
	wantSkip(t, off.Stats, "bundle.zip", "binary")
}

// A Terraform plan (terraform plan -out plan.out) is a zip that no name
// says is one: tfplan, the prior state and the configuration, whose
// provider block holds the key when it was written in.
func TestArchiveTerraformPlan(t *testing.T) {
	key, key2 := testkeys.New(t), testkeys.New(t)
	plan := zipOf(t,
		F("tfplan", "provider \"cudo\" {\n  api_key = \""+key+"\"\n}\n"),
		F("tfstate", "{\n  \"variables\": {\n    \"cudo_api_key\": \""+key2+"\"\n  }\n}\n"),
		F("tfconfig/m-/main.tf", "variable \"cudo_api_key\" {}\n"))
	res := scanArchives(t, map[string]string{"infra/plan.out": string(plan)}, Options{})
	wantKeys(t, res, "infra/plan.out!tfplan:2:14", "infra/plan.out!tfstate:3:22")
}

// tar, tar.gz (one layer, as the user sees it) and a gzipped file, named
// by its header or by the .gz's own name.
func TestArchiveTarAndGzip(t *testing.T) {
	key := testkeys.New(t)
	res := scanArchives(t, map[string]string{
		"site.tar.gz":     string(tgzOf(t, F("app/README", "hi\n"), F("app/.env", envFile(key)))),
		"site.tar":        string(tarOf(t, F("app/.env", envFile(key)))),
		"settings.env.gz": string(gzOf(t, "", []byte(envFile(key)))),
		"backup.gz":       string(gzOf(t, "deploy.env", []byte(envFile(key)))),
	}, Options{ArchiveDepth: 1})
	wantKeys(t, res, "backup.gz!deploy.env:2:14", "settings.env.gz!settings.env:2:14", "site.tar!app/.env:2:14", "site.tar.gz!app/.env:2:14")
	if res.Stats.Files != 4 || len(res.Stats.Skipped) != 0 {
		t.Errorf("stats %+v", res.Stats)
	}
}

// nested builds n archives, one in the other, zip and tar.gz in turn, the
// innermost holding .env: l1.zip!l2.tar.gz!l3.zip!...
func nested(t *testing.T, n int, inner []byte) (data []byte, names []string) {
	data = inner
	for i := n; i >= 1; i-- {
		name := fmt.Sprintf("l%d.zip", i)
		if i%2 == 0 {
			name = fmt.Sprintf("l%d.tar.gz", i)
		}
		child := ".env"
		if i < n {
			child = names[0]
		}
		if i%2 == 0 {
			data = tgzOf(t, archivetest.File{Name: child, Data: data})
		} else {
			data = zipOf(t, archivetest.File{Name: child, Data: data})
		}
		names = append([]string{name}, names...)
	}
	return data, names
}

// A 10-level nesting is unpacked down to --archive-depth and no further,
// the layer that is not opened named; with the depth raised, the key at
// the bottom is found under the path of every layer.
func TestArchiveNestedTenLevels(t *testing.T) {
	key := testkeys.New(t)
	data, names := nested(t, 10, []byte(envFile(key)))
	files := map[string]string{names[0]: string(data)}

	res := scanArchives(t, files, Options{})
	wantKeys(t, res)
	wantSkip(t, res.Stats, strings.Join(names[:3], "!"), reasonTooDeep+" (--archive-depth 2)")
	if len(res.Stats.Skipped) != 1 {
		t.Errorf("skipped %v, want only the third layer", res.Stats.Skipped)
	}

	deep := scanArchives(t, files, Options{ArchiveDepth: 10})
	wantKeys(t, deep, strings.Join(names, "!")+"!.env:2:14")
	if len(deep.Stats.Skipped) != 0 {
		t.Errorf("skipped %v", deep.Stats.Skipped)
	}
}

// bombText is n bytes of one letter: a bomb's payload, which deflates a
// thousandfold and, unlike zeros, is text, read to its end.
func bombText(n int) []byte { return bytes.Repeat([]byte("a"), n) }

// A zip bomb entry is stopped past RatioAfter, a skip names it, and the
// entries after it are still read; a gzip bomb the same. The total bound
// stops a zip of entries that each look innocent.
func TestArchiveBombs(t *testing.T) {
	key := testkeys.New(t)
	start := time.Now()
	bomb := zipOf(t, F("a.env", envFile(key)), archivetest.File{Name: "zeros", Data: bombText(16 << 20)}, F("z.env", envFile(key)))
	gzBomb := gzOf(t, "", bombText(16<<20))
	built := time.Since(start)
	res := scanArchives(t, map[string]string{"bomb.zip": string(bomb), "bomb.gz": string(gzBomb)}, Options{})
	wantKeys(t, res, "bomb.zip!a.env:2:14", "bomb.zip!z.env:2:14")
	wantSkip(t, res.Stats, "bomb.zip!zeros", reasonBomb+" (8.")
	wantSkip(t, res.Stats, "bomb.gz", reasonBomb)
	if took := time.Since(start) - built; took > 5*time.Second {
		t.Errorf("the bombs took %v to scan", took)
	}
	t.Logf("bombs: %d and %d bytes, built in %v, scanned in %v", len(bomb), len(gzBomb), built, time.Since(start)-built)

	// Each entry is 1 MiB of text: no ratio to speak of, but 3 MiB in all
	// is over the bound here.
	text := bytes.Repeat([]byte("lorem ipsum dolor sit amet 0123456789 abcdefghijklmnopqrstuvwxyz\n"), 1<<14)
	big := zipOf(t, archivetest.File{Name: "1.txt", Data: text}, archivetest.File{Name: "2.txt", Data: text},
		archivetest.File{Name: "3.txt", Data: text}, F("4.env", envFile(key)))
	res = scanArchives(t, map[string]string{"big.zip": string(big)}, Options{ArchiveLimits: ArchiveLimits{MaxBytes: 5 << 19}})
	wantKeys(t, res)
	wantSkip(t, res.Stats, "big.zip!3.txt", reasonTooLarge+" (over 2.5 MiB unpacked from big.zip")

	// A zip whose directory lists more entries than the bound is not
	// opened; a tar, which has none, is read up to the bound.
	many := []archivetest.File{F("1", "x\n"), F("2", "x\n"), F("3", "x\n"), F("4.env", envFile(key))}
	res = scanArchives(t, map[string]string{"many.zip": string(zipOf(t, many...)), "many.tar": string(tarOf(t, many...))},
		Options{ArchiveLimits: ArchiveLimits{MaxEntries: 3}, Jobs: 1})
	wantKeys(t, res)
	wantSkip(t, res.Stats, "many.zip", reasonTooLarge+" (its directory lists 4 entries, over 3)")
	wantSkip(t, res.Stats, "many.tar", reasonTooLarge+" (over 3 entries in many.tar")
}

// A truncated zip is a corrupt archive, skipped by name; a damaged entry
// is skipped and the next one read; the rest of the tree is scanned and
// nothing is an error. A text that merely starts with a zip's magic is
// scanned as the text it is.
func TestArchiveCorrupt(t *testing.T) {
	key := testkeys.New(t)
	good := zipOf(t, F("a.env", envFile(key)))
	damaged := zipOf(t, archivetest.File{Name: "x.txt", Data: bytes.Repeat([]byte("some text to deflate\n"), 100)}, F("y.env", envFile(key)))
	// Garble x.txt's compressed data: its local header is 30 bytes and its name 5.
	for i := 30 + 5 + 4; i < 30+5+12; i++ {
		damaged[i] ^= 0x55
	}
	pad := testkeys.From(t, "abcdefghijklmnopqrstuvwxyz \n", 64<<10) // text that deflates little
	tgz := tgzOf(t, F("a.env", envFile(key)), F("pad", pad), F("b.env", envFile(key)))
	res := scanArchives(t, map[string]string{
		"truncated.zip":   string(good[:len(good)/2]),
		"damaged.zip":     string(damaged),
		"truncated.tgz":   string(tgz[:len(tgz)/2]),
		"magic.txt":       "PK\x03\x04 " + envFile(key),
		"zz-after/ok.env": envFile(key),
	}, Options{Jobs: 1})
	wantSkip(t, res.Stats, "truncated.zip", reasonCorrupt+" (zip: not a valid zip file)")
	wantSkip(t, res.Stats, "damaged.zip!x.txt", reasonCorrupt)
	// The entry cut short reads as one that ends there; the next header
	// says the tar is cut.
	wantSkip(t, res.Stats, "truncated.tgz", reasonCorrupt+" (unexpected EOF")
	wantKeys(t, res, "damaged.zip!y.env:2:14", "magic.txt:2:14", "truncated.tgz!a.env:2:14", "zz-after/ok.env:2:14")
	if res.Stats.Files != 4 {
		t.Errorf("scanned %d files, want 4: all but the truncated zip", res.Stats.Files)
	}
}

// A zip read as a stream (stdin, a git blob) is held in memory to be
// opened, within MaxBuffer; past it, a skip says so.
func TestArchiveStream(t *testing.T) {
	key := testkeys.New(t)
	z := zipOf(t, F("a.env", envFile(key)), archivetest.File{Name: "pad", Data: bytes.Repeat([]byte("padding\n"), 1<<10), Store: true})
	res, err := ScanReader(context.Background(), bytes.NewReader(z), "<stdin>", Options{ArchiveDepth: 1})
	if err != nil {
		t.Fatal(err)
	}
	wantKeys(t, res, "<stdin>!a.env:2:14")
	if res.Stats.Files != 1 || res.Stats.Bytes != int64(len(z)) {
		t.Errorf("stats %+v", res.Stats)
	}

	res, err = ScanReader(context.Background(), bytes.NewReader(z), "<stdin>", Options{ArchiveDepth: 1, ArchiveLimits: ArchiveLimits{MaxBuffer: 4 << 10}})
	if err != nil {
		t.Fatal(err)
	}
	wantKeys(t, res)
	wantSkip(t, res.Stats, "<stdin>", reasonTooLarge+" (a zip of more than that in a stream")
	if res.Stats.Files != 0 || len(res.Stats.Errors) != 0 {
		t.Errorf("stats %+v", res.Stats)
	}
}

// A zip over segmentMin is unpacked, not split into segments; its entries
// share the file's findings cap.
func TestArchiveLargeZipAndCap(t *testing.T) {
	keys := []string{testkeys.New(t), testkeys.New(t), testkeys.New(t)}
	filler := bytes.Repeat([]byte("0123456789abcdef filler line of a large stored entry\n"), (segmentMin/53)+1)
	z := zipOf(t, archivetest.File{Name: "big.txt", Data: filler, Store: true},
		F("1.env", envFile(keys[0])), F("2.env", envFile(keys[1])), F("3.env", envFile(keys[2])))
	if len(z) < segmentMin {
		t.Fatalf("zip of %d bytes, want %d or more", len(z), segmentMin)
	}
	res := scanArchives(t, map[string]string{"big.zip": string(z)}, Options{Jobs: 4, MaxFindingsPerFile: 2})
	if len(res.Findings) != 3 || !strings.Contains(res.Findings[2].Message, "1 more findings in this file") {
		t.Errorf("findings %+v: want 2 and one that counts the third", res.Findings)
	}
	if res.Findings[0].Path != "big.zip!1.env" {
		t.Errorf("first finding at %q", res.Findings[0].Path)
	}
}

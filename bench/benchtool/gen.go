package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

// gen draws everything random in a corpus from one seeded source, so a seed
// rebuilds the same corpus on any machine while no key is ever written down.
type gen struct {
	r *rand.Rand
}

func newGen(seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, 0x6375646f))}
}

// hex64 returns 32 random bytes, hex-encoded: the shape of a CUDO key, and
// of a SHA-256 digest.
func (g *gen) hex64() string {
	var b [32]byte
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return hex.EncodeToString(b[:])
}

func (g *gen) pick(words []string) string { return words[g.r.IntN(len(words))] }

// truth is a corpus's answer key: the planted keys cudoscan must report and
// the decoys it must not. Only SHA-256 digests of the secrets are kept.
type truth struct {
	keys   []plantedKey
	decoys []plantedKey
}

type plantedKey struct {
	sha256  string
	path    string
	line    int
	syntax  string
	deleted bool // history: removed by a later commit
}

func digest(secret string) string {
	s := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(s[:])
}

func (t *truth) addKey(secret, path string, line int, syntax string) {
	t.keys = append(t.keys, plantedKey{sha256: digest(secret), path: path, line: line, syntax: syntax})
}

func (t *truth) addDecoy(secret, path string, line int, kind string) {
	t.decoys = append(t.decoys, plantedKey{sha256: digest(secret), path: path, line: line, syntax: kind})
}

// write stores the truth as TSV: kind, sha256, path, line, syntax, deleted.
func (t *truth) write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# kind\tsecret_sha256\tpath\tline\tsyntax\tdeleted")
	for _, k := range t.keys {
		fmt.Fprintf(w, "key\t%s\t%s\t%d\t%s\t%t\n", k.sha256, k.path, k.line, k.syntax, k.deleted)
	}
	for _, k := range t.decoys {
		fmt.Fprintf(w, "decoy\t%s\t%s\t%d\t%s\tfalse\n", k.sha256, k.path, k.line, k.syntax)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// snippet is a piece of a real-world file holding a 64-hex value. For a
// plant the value is a CUDO key in CUDO context (cudo-facts.md lists where
// keys are found); for a decoy it is something else that merely looks like
// one. text returns the snippet and the 0-based line of the value in it.
type snippet struct {
	name string
	// file is the file name (with directories) the snippet lives in; %d is
	// replaced by a unique number so plants never share a file.
	file string
	text func(hex string) string
}

// plants are the syntaxes in which CUDO keys were seen committed, or in
// which the docs and integrations tell users to put them.
var plants = []snippet{
	{"dotenv", "app%d/.env", func(k string) string {
		return "LOG_LEVEL=info\nCUDO_API_KEY=" + k + "\nCUDO_PROJECT_ID=ml-training\n"
	}},
	{"shell-export", "scripts/deploy-%d.sh", func(k string) string {
		return "#!/bin/sh\nset -eu\nexport CUDO_API_KEY=\"" + k + "\"\n./bin/provision --project ml-training\n"
	}},
	{"terraform-provider", "deploy/env%d/main.tf", func(k string) string {
		return "provider \"cudo\" {\n  api_key            = \"" + k + "\"\n  project_id         = \"ml-training\"\n  billing_account_id = \"acct-0001\"\n}\n"
	}},
	{"tfvars", "deploy/env%d/prod.tfvars", func(k string) string {
		return "region       = \"se-smedjebacken-1\"\ncudo_api_key = \"" + k + "\"\n"
	}},
	{"cudoctl-config", "home-%d/.config/cudo/cudo.yml", func(k string) string {
		return "configVersion: v0\nkeys:\n    - key: " + k + "\n      name: my-first-api-key\ncontexts:\n    - name: demo\n      key: my-first-api-key\n      project: my-project\ncurrent-context: demo\n"
	}},
	{"dstack-backend", "home-%d/.dstack/server/config.yml", func(k string) string {
		return "projects:\n- name: main\n  backends:\n  - type: cudo\n    project_id: ml-training\n    creds:\n      type: api_key\n      api_key: " + k + "\n"
	}},
	{"go-bearer-host", "internal/cloud/client_%d.go", func(k string) string {
		return "package cloud\n\nconst endpoint = \"https://rest.compute.cudo.org/v1/vms\"\n\nfunc newRequest() (*http.Request, error) {\n\treq, err := http.NewRequest(http.MethodGet, endpoint, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treq.Header.Set(\"Authorization\", \"Bearer " + k + "\")\n\treturn req, nil\n}\n"
	}},
	{"go-const", "internal/cloud/config_%d.go", func(k string) string {
		return "package cloud\n\n// cudoAPIKey is used by the integration tests.\nconst cudoAPIKey = \"" + k + "\"\n"
	}},
	{"python", "app/settings_%d.py", func(k string) string {
		return "import os\n\nDEBUG = False\nCUDO_COMPUTE_API_KEY = \"" + k + "\"\n"
	}},
	{"k8s-env", "k8s/deployment-%d.yaml", func(k string) string {
		return "        env:\n        - name: CUDO_API_KEY\n          value: \"" + k + "\"\n        - name: LOG_LEVEL\n          value: info\n"
	}},
	{"actions-env", ".github/workflows/deploy-%d.yml", func(k string) string {
		return "jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      CUDO_API_KEY: " + k + "\n    steps:\n      - uses: actions/checkout@v4\n"
	}},
	{"json-camel", "config/settings-%d.json", func(k string) string {
		return "{\n  \"region\": \"se-smedjebacken-1\",\n  \"cudoApiKey\": \"" + k + "\",\n  \"retries\": 3\n}\n"
	}},
	{"curl-doc", "docs/api-%d.md", func(k string) string {
		return "List your machines:\n\n```sh\ncurl -H \"Authorization: Bearer " + k + "\" https://rest.compute.cudo.org/v1/vms\n```\n"
	}},
	{"makefile-tf-test", "tools%d/Makefile", func(k string) string {
		return "testacc:\n\tTF_ACC=1 TF_TEST_CUDO_API_KEY=" + k + " go test ./... -v\n"
	}},
	{"dockerfile-env", "docker/app%d/Dockerfile", func(k string) string {
		return "FROM debian:bookworm-slim\nENV CUDO_API_KEY=" + k + "\nCMD [\"/app\"]\n"
	}},
	{"js-camel", "web/src/api-%d.js", func(k string) string {
		return "// talks to the CUDO Compute API\nconst cudoApiKey = '" + k + "';\nexport default cudoApiKey;\n"
	}},
}

// decoys are 64-hex values in CUDO projects that are not keys: checksums,
// digests, other services' tokens, fillers. A precise scanner reports none.
var decoys = []snippet{
	{"sha256sums", "release/SHA256SUMS-%d", func(h string) string {
		return h + "  cudoctl-linux-amd64.tar.gz\n"
	}},
	{"image-digest", "k8s/agent-%d.yaml", func(h string) string {
		return "      containers:\n      - name: cudo-agent\n        image: ghcr.io/example/cudo-agent@sha256:" + h + "\n"
	}},
	{"checksum-var", "deploy/image-%d.tf", func(h string) string {
		return "provider \"cudo\" {}\n\nlocals {\n  image_checksum = \"" + h + "\"\n}\n"
	}},
	{"foreign-token", "worker%d/.env", func(h string) string {
		return "CUDO_API_KEY=${CUDO_API_KEY}\nGITHUB_TOKEN=" + h + "\n"
	}},
	{"hex-literal", "internal/cloud/seed_%d.go", func(h string) string {
		return "package cloud\n\n// cudo test vector\nvar seed = 0x" + h + "\n"
	}},
	{"filler", "app%d/.env.example", func(string) string {
		return "CUDO_API_KEY=" + strings.Repeat("0123456789abcdef", 4) + "\n"
	}},
}

// decoyValue is the 64-hex value a decoy snippet actually contains.
func decoyValue(s snippet, h string) string {
	if s.name == "filler" {
		return strings.Repeat("0123456789abcdef", 4)
	}
	return h
}

// lineOf returns the 0-based line of needle in text.
func lineOf(text, needle string) int {
	i := strings.Index(text, needle)
	if i < 0 {
		return -1
	}
	return strings.Count(text[:i], "\n")
}

// Filler text: code, config and prose that never mention CUDO, with the
// occasional git SHA or SHA-256 digest, as in any repository.
var (
	idents = []string{"ctx", "req", "resp", "err", "cfg", "client", "server", "handler", "item", "items",
		"count", "name", "path", "buf", "reader", "writer", "opts", "user", "account", "project",
		"region", "cache", "store", "queue", "job", "task", "result", "value", "index", "offset",
		"limit", "token", "session", "logger", "metrics", "timeout", "retry", "backoff", "state", "event"}
	types = []string{"Request", "Response", "Config", "Client", "Server", "Handler", "Item", "Store", "Queue", "Job", "Result", "Event"}
	verbs = []string{"Get", "Set", "List", "Create", "Delete", "Update", "Parse", "Load", "Save", "Close", "Open", "Handle", "Validate", "Encode", "Decode"}
	prose = []string{"the", "a", "service", "reads", "writes", "configuration", "from", "environment", "and", "starts", "workers", "that", "process", "jobs", "in", "order", "each", "request", "is", "logged", "with", "its", "duration", "when", "fails", "retry", "later", "see", "below", "for", "details"}
	exts  = []string{".go", ".go", ".go", ".py", ".js", ".ts", ".md", ".yaml", ".json", ".sh", ".txt", ".tf"}
)

// fill appends about n bytes of text in the style of a file with extension
// ext to b.
func (g *gen) fill(b *bytes.Buffer, ext string, n int) {
	end := b.Len() + n
	for b.Len() < end {
		switch ext {
		case ".md", ".txt":
			g.proseLine(b)
		case ".yaml", ".json", ".tf":
			g.configLine(b)
		default:
			g.codeLine(b)
		}
	}
}

func (g *gen) codeLine(b *bytes.Buffer) {
	switch g.r.IntN(10) {
	case 0:
		fmt.Fprintf(b, "func (%s *%s) %s%s(%s context.Context, %s *%s) error {\n", g.pick(idents)[:1], g.pick(types), g.pick(verbs), g.pick(types), g.pick(idents), g.pick(idents), g.pick(types))
	case 1:
		fmt.Fprintf(b, "\tif err := %s.%s%s(%s); err != nil {\n\t\treturn fmt.Errorf(\"%s %s: %%w\", err)\n\t}\n", g.pick(idents), g.pick(verbs), g.pick(types), g.pick(idents), strings.ToLower(g.pick(verbs)), g.pick(idents))
	case 2:
		fmt.Fprintf(b, "\t// %s %s %s %s %s.\n", g.pick(prose), g.pick(prose), g.pick(prose), g.pick(prose), g.pick(prose))
	case 3:
		fmt.Fprintf(b, "\t// commit %s\n", g.hex64()[:40])
	case 4:
		fmt.Fprintf(b, "\t%s := make([]%s, 0, %d)\n", g.pick(idents), g.pick(types), g.r.IntN(512))
	case 5:
		b.WriteString("}\n\n")
	default:
		fmt.Fprintf(b, "\t%s.%s = %s.%s%s(%s, %d)\n", g.pick(idents), g.pick(types), g.pick(idents), g.pick(verbs), g.pick(types), g.pick(idents), g.r.IntN(1000))
	}
}

func (g *gen) configLine(b *bytes.Buffer) {
	switch g.r.IntN(12) {
	case 0:
		fmt.Fprintf(b, "%s_digest: \"sha256:%s\"\n", g.pick(idents), g.hex64())
	case 1:
		fmt.Fprintf(b, "%s:\n", g.pick(idents))
	default:
		fmt.Fprintf(b, "  %s_%s: %d\n", g.pick(idents), g.pick(idents), g.r.IntN(100000))
	}
}

func (g *gen) proseLine(b *bytes.Buffer) {
	n := 6 + g.r.IntN(14)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.pick(prose))
	}
	b.WriteString(".\n")
}

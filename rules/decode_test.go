package rules

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/cudoscan/cudoscan/internal/testkeys"
)

// encodedCase is a buffer with a key hidden in one encoded value.
type encodedCase struct {
	name, path string
	// build returns the buffer and the encoded value in it, where the
	// finding must be reported.
	build func(key string) (src, value string)
	enc   string // the Encoding the finding must carry; "" for no finding
	conf  Confidence
	depth int // DecodeDepth; 0 for the default
}

func b64(s string) string    { return base64.StdEncoding.EncodeToString([]byte(s)) }
func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// escapeAll writes every byte of s as an escape: \u00XX or \xXX.
func escapeAll(s, form string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, form, s[i])
	}
	return b.String()
}

// percentAll percent-encodes every byte of s.
func percentAll(s string) string { return escapeAll(s, "%%%02X") }

var encodedCases = []encodedCase{
	{name: "kubernetes secret data", path: "k8s/secret.yaml", enc: "base64", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := b64(k)
			return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  LOG_LEVEL: ZGVidWc=\n  CUDO_API_KEY: " + v + "\n", v
		}},
	{name: "kubernetes secret generic name in a cudo secret", path: "k8s/cudo-secret.yaml", enc: "base64", conf: ConfidenceMedium,
		build: func(k string) (string, string) {
			v := b64(k)
			return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cudo-credentials\ndata:\n  api-key: " + v + "\n", v
		}},
	{name: "self-contexted base64 env file", path: "notes.txt", enc: "base64", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := b64("# deploy\nCUDO_API_KEY=" + k + "\nREGION=se-smedjebacken-1\n")
			return "paste this into the vault:\n" + v + "\n", v
		}},
	{name: "url-safe base64 json", path: "config.json", enc: "base64", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := b64url(`{"provider":"cudo","cudo_api_key":"` + k + `","x":"??>>"}`)
			return `{"blob": "` + v + `"}` + "\n", v
		}},
	{name: "percent-encoded assignment in a url", path: "app.log", enc: "percent", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := "%3D" + k + "%26region%3Dse"
			return "GET https://hooks.example.com/forward?payload=cudo_api_key" + v + " 200\n", v
		}},
	{name: "percent-encoded through", path: "app.log", enc: "percent", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := percentAll("CUDO_API_KEY=" + k)
			return "redirect: https://example.com/cb?state=" + v + "\n", v
		}},
	{name: "json unicode escape", path: "settings.json", enc: "escape", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := `\u003d` + k
			return `{"env": ["PATH=/usr/bin", "CUDO_API_KEY` + v + `"]}` + "\n", v
		}},
	{name: "fully escaped key", path: "main.js", enc: "escape", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := escapeAll(k, `\u%04x`)
			return "const cudoApiKey = \"" + v + "\";\n", v
		}},
	{name: "python hex escapes", path: "client.py", enc: "escape", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := escapeAll("CUDO_API_KEY="+k, `\x%02x`)
			return "os.environ.update(dict([b\"" + v + "\".decode().split('=')]))\n", v
		}},
	{name: "hex-encoded key", path: "dump.txt", enc: "hex", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := hex.EncodeToString([]byte(k))
			return "CUDO_API_KEY_HEX: " + v + "\n", v
		}},
	{name: "hex-encoded assignment", path: "dump.txt", enc: "hex", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := hex.EncodeToString([]byte("export CUDO_API_KEY=" + k + "\n"))
			return "payload " + v + "\n", v
		}},
	{name: "dockerconfigjson auth only", path: "k8s/pull-secret.yaml", enc: "base64>base64", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			inner := `{"auths":{"registry.compute.cudo.org":{"auth":"` + b64("deployer:"+k) + `"}}}`
			v := b64(inner)
			return "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: " + v + "\n", v
		}},
	{name: "dockerconfigjson needs depth 2", path: "k8s/pull-secret.yaml", depth: 1,
		build: func(k string) (string, string) {
			inner := `{"auths":{"registry.compute.cudo.org":{"auth":"` + b64("deployer:"+k) + `"}}}`
			v := b64(inner)
			return "data:\n  .dockerconfigjson: " + v + "\n", v
		}},
	{name: "dockerconfigjson with password", path: "k8s/pull-secret.yaml", enc: "base64", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			inner := `{"auths":{"registry.compute.cudo.org":{"username":"deployer","password":"` + k + `","auth":"` + b64("deployer:"+k) + `"}}}`
			v := b64(inner)
			return "data:\n  .dockerconfigjson: " + v + "\n", v
		}},
	{name: "basic credentials", path: "deploy.sh", enc: "base64", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := b64("apikey:" + k)
			return "curl -H \"Authorization: Basic " + v + "\" https://rest.compute.cudo.org/v1/vms\n", v
		}},
	{name: "base64 inside percent", path: "app.log", enc: "percent>base64", conf: ConfidenceHigh,
		build: func(k string) (string, string) {
			v := url.QueryEscape(b64("CUDO_API_KEY=" + k + "\n?>"))
			return "GET /cb?blob=" + v + " HTTP/1.1\n", v
		}},
	{name: "decoding off", path: "k8s/secret.yaml", depth: -1,
		build: func(k string) (string, string) {
			v := b64(k)
			return "data:\n  CUDO_API_KEY: " + v + "\n", v
		}},
	{name: "bare key without context", path: "blob.txt",
		build: func(k string) (string, string) {
			v := b64(k)
			return "data " + v + "\n", v
		}},
	{name: "digest under a checksum name", path: "k8s/secret.yaml",
		build: func(k string) (string, string) {
			v := b64(k)
			return "# cudo\ndata:\n  cudo_api_key_sha256: " + v + "\n", v
		}},
	{name: "lockfile", path: "go.sum",
		build: func(k string) (string, string) {
			v := b64("CUDO_API_KEY=" + k)
			return "h1 " + v + "\n", v
		}},
}

func TestEncodedKeys(t *testing.T) {
	for _, c := range encodedCases {
		t.Run(c.name, func(t *testing.T) {
			key := testkeys.New(t)
			src, value := c.build(key)
			at := strings.Index(src, value)
			if at < 0 {
				t.Fatal("the case's value is not in its buffer")
			}
			if c.enc != "" {
				for _, m := range New(Options{DecodeDepth: -1}).Find([]byte(src), Hint{Path: c.path}) {
					if m.Secret != "" {
						t.Fatalf("found without decoding: the case tests nothing: %+v", m)
					}
				}
			}
			d := New(Options{DecodeDepth: c.depth})
			ms := d.Find([]byte(src), Hint{Path: c.path})
			var keys []Match
			for _, m := range ms {
				if m.Secret != "" {
					keys = append(keys, m)
				}
			}
			if c.enc == "" {
				if len(keys) > 0 {
					t.Fatalf("found %+v in\n%s", keys, src)
				}
				return
			}
			if len(keys) != 1 {
				t.Fatalf("want one key, got %+v in\n%s", keys, src)
			}
			m := keys[0]
			if m.Secret != key || m.Encoding != c.enc || m.Start != at || m.End != at+len(value) || m.Confidence != c.conf {
				t.Errorf("got %s %q at %d-%d (%s), want %q at %d-%d (%s)\n%+v",
					m.Encoding, m.Secret, m.Start, m.End, m.Confidence, c.enc, at, at+len(value), c.conf, m)
			}
			if strings.Contains(m.Message, key) || strings.Contains(m.Message, value) {
				t.Errorf("the message holds the secret: %s", m.Message)
			}
		})
	}
}

// TestEncodedKeyAlsoWritten checks that a key written in clear inside an
// encoded token (a URL with other escapes) is reported once, where it is
// written.
func TestEncodedKeyAlsoWritten(t *testing.T) {
	key := testkeys.New(t)
	src := "curl 'https://rest.compute.cudo.org/v1/vms?note=a%20b&cudo_api_key=" + key + "&x=%2F'\n"
	ms := Default.Find([]byte(src), Hint{Path: "run.sh"})
	if len(ms) != 1 || ms[0].Encoding != "" || ms[0].Start != strings.Index(src, key) {
		t.Fatalf("got %+v", ms)
	}
}

// TestEncodedSuppressed checks that cudoscan:allow covers a key found in an
// encoded value on the next line.
func TestEncodedSuppressed(t *testing.T) {
	key := testkeys.New(t)
	src := "data:\n  # cudoscan:allow revoked, a fixture\n  CUDO_API_KEY: " + b64(key) + "\n"
	ms := Default.Find([]byte(src), Hint{Path: "secret.yaml"})
	if len(ms) != 1 || !ms[0].Suppressed || ms[0].Encoding != "base64" {
		t.Fatalf("got %+v", ms)
	}
}

// TestEncodedDecoys checks encoded values that hold no key: binary blobs,
// SHA-512 digests, printf formats, escaped prose.
func TestEncodedDecoys(t *testing.T) {
	bin := make([]byte, 300)
	for i := range bin {
		bin[i] = byte(i * 7)
	}
	sha512 := strings.Repeat(testkeys.New(t)[:32], 4)
	for _, src := range []string{
		"# cudo\nimage: " + base64.StdEncoding.EncodeToString(bin) + "\n",
		"# cudo\ncudo_api_key_sha512: " + sha512 + "\n",
		"# cudo\nprintf(\"%02x%02x %d%%\\n\", a, b, c)\n",
		"# cudo\nmsg = \"\\u00e9t\\u00e9 \\x41\\x42 \\u{1F600}\"\n",
		"# cudo\nurl = https://example.com/a%20b/c?d=%E2%9C%93\n",
	} {
		if ms := Default.Find([]byte(src), Hint{Path: "x.yaml"}); len(ms) > 0 {
			t.Errorf("found %+v in %q", ms, src)
		}
	}
}

func TestDecoders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`a\u0041\x42\u{43}\U00000044`, "aABCD"},
		{`\ud83d\ude00!`, "\U0001F600!"},
		{`\ud83d!`, "\uFFFD!"},
		{`\"q\"\n\\u0041`, "\"q\"\n\\u0041"},
		{`\u00`, `\u00`},
		{`\q\`, `\q\`},
	} {
		if got := string(decodeEscapes([]byte(c.in))); got != c.want {
			t.Errorf("decodeEscapes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"a%3Db%20c+d", "a=b c+d"},
		{"100%", "100%"},
		{"%zz%4", "%zz%4"},
	} {
		if got := string(decodePercent([]byte(c.in))); got != c.want {
			t.Errorf("decodePercent(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	text := strings.Repeat("CUDO compute, ", 10)
	for _, in := range []string{b64(text), strings.TrimRight(b64(text), "="), b64url(text)} {
		if got, ok := decodeBase64([]byte(in)); !ok || string(got) != text {
			t.Errorf("decodeBase64(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := decodeBase64([]byte(strings.Repeat("ab+_", 30))); ok {
		t.Error("decodeBase64 accepted mixed alphabets")
	}
	if got, ok := decodeHex([]byte(hex.EncodeToString([]byte(text)))); !ok || string(got) != text {
		t.Errorf("decodeHex = %q, %v", got, ok)
	}
}

// TestFindBase64Runs checks the sampled run search against a naive one.
func TestFindBase64Runs(t *testing.T) {
	var b bytes.Buffer
	for i := range 400 {
		n := (i * 37) % 200
		b.WriteString(strings.Repeat("Ab1+", n/4) + strings.Repeat("z", n%4))
		b.WriteString([]string{" ", "==\n", "=x", "\"", ".", "="}[i%6])
	}
	src := b.Bytes()
	var got []span
	forEachBase64Run(src, func(s, e int) { got = append(got, span{s, e}) })
	want := naiveRuns(src, func(c byte) bool { return b64Class[c] != 0 }, minBase64Run)
	for i := range want {
		want[i].hi += base64Padding(src, want[i].hi)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("runs:\n got %v\nwant %v", got, want)
	}
}

package rules

import (
	"bytes"
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"testing"
)

// BenchmarkFindCorpora measures the core on the kinds of text a scan meets,
// so that the cost of decoding can be compared with decoding off (depth
// -1): source code that never mentions CUDO (the common case), source code
// that does, a minified bundle full of escapes and percent signs, and JSON
// carrying large base64 blobs (notebook images) that decode to binary, and
// a service log with a digest on every tenth line, alone and as a chunk
// of a log that names CUDO elsewhere, and Go test data full of byte
// strings written as \x escapes (a repository's history holds many).
func BenchmarkFindCorpora(b *testing.B) {
	for _, c := range benchCorpora() {
		for _, depth := range []int{-1, 0} {
			name := c.name + "/decode=default"
			if depth < 0 {
				name = c.name + "/decode=off"
			}
			d := New(Options{DecodeDepth: depth})
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(len(c.data)))
				for range b.N {
					d.Find(c.data, Hint{Path: c.path, FileMentionsCudo: c.mentionedElsewhere})
				}
			})
		}
	}
}

type benchCorpus struct {
	name, path string
	data       []byte
	// mentionedElsewhere: another part of the file names CUDO, as in
	// the chunks of a huge log with a few CUDO lines.
	mentionedElsewhere bool
}

// benchCorpora builds the benchmark inputs, about 1 MiB each (the scanner's
// chunk size), the same on every run.
func benchCorpora() []benchCorpus {
	const size = 1 << 20
	r := mrand.New(mrand.NewPCG(1, 2))
	fill := func(lines ...string) []byte {
		var b bytes.Buffer
		for b.Len() < size {
			b.WriteString(lines[r.IntN(len(lines))])
		}
		return b.Bytes()
	}
	code := []string{
		"func (s *server) handle(w http.ResponseWriter, r *http.Request) error {\n",
		"\tif err := json.NewDecoder(r.Body).Decode(&req); err != nil {\n",
		"\t\treturn fmt.Errorf(\"decoding %s: %w\\n\", r.URL.Path, err)\n",
		"\t}\n",
		"\t// Compute the checksum of the payload before storing it.\n",
		"\tsum := sha256.Sum256(payload)\n",
		"\tlog.Printf(\"stored %d bytes in %q (%.2f%%)\", n, name, pct)\n",
		"}\n\n",
	}
	cudo := append([]string{"\tclient := cudo.NewClient(os.Getenv(\"CUDO_API_KEY\"))\n"}, code...)
	minified := []string{
		`var a=function(t){return encodeURIComponent(t).replace(/%20/g,"+")};`,
		`e.exports={msg:"\u00e9t\u00e9 \u2014 d\u00e9j\u00e0",re:/\x2f\x2a/,u:"https://cdn.example.com/x?q=a%2Fb%3Dc"};`,
		`function n(e,t){for(var r=0;r<e.length;r++)t[r]=e.charCodeAt(r)&255;return t}`,
		`o.prototype.render=function(){return this.props.children||null};`,
	}
	blob := make([]byte, 24<<10)
	for i := range blob {
		blob[i] = byte(r.Uint32())
	}
	image := `{"output_type":"display_data","data":{"image/png":"` + base64.StdEncoding.EncodeToString(blob) + "\"}},\n"
	notebook := []string{image, `{"cell_type":"code","source":["import numpy as np\n","x = np.arange(10)\n"]},` + "\n"}
	hex := func(n int) string {
		const digits = "0123456789abcdef"
		b := make([]byte, n)
		for i := range b {
			b[i] = digits[r.IntN(16)]
		}
		return string(b)
	}
	// A service log like the 1 GiB file of bench/compare.sh: a request id
	// on every line, an image digest on every tenth, no CUDO mention.
	var logLines []string
	for i := range 200 {
		line := fmt.Sprintf("2026-01-05T10:%02d:%02d.%03dZ INFO  GET /v1/vms/%d id=%s status=200 dur=%dms", i/60, i%60, i*7%1000, r.IntN(100000), hex(32), r.IntN(900))
		if i%10 == 0 {
			line += " image=registry.example.com/app@sha256:" + hex(64)
		}
		logLines = append(logLines, line+"\n")
	}
	// Go test data: byte strings of 16 to 64 \x escapes, as in the tests
	// of compress, debug/elf and a language server's fixtures.
	var escaped []string
	for range 200 {
		var b bytes.Buffer
		b.WriteString("\t{name: \"case\", in: []byte(\"")
		for range 16 + r.IntN(49) {
			fmt.Fprintf(&b, "\\x%02x", r.IntN(256))
		}
		b.WriteString("\")},\n")
		escaped = append(escaped, b.String())
	}
	escaped = append(escaped, code...)
	return []benchCorpus{
		{"code", "server.go", fill(code...), false},
		{"escaped-bytes", "reader_test.go", fill(escaped...), false},
		{"code-cudo", "client.go", fill(cudo...), false},
		{"minified", "bundle.min.js", fill(minified...), false},
		{"notebook", "analysis.ipynb", fill(notebook...), false},
		{"service-log", "service.log", fill(logLines...), false},
		{"service-log-cudo", "service.log", fill(logLines...), true},
	}
}

// BenchmarkFindEncodedKeys measures the worst realistic case for decoding:
// a Kubernetes Secret dump where every value is a base64-encoded key, so
// every candidate is decoded and scanned again. The same dump with the
// keys written as they are (stringData) is the yardstick: what finding a
// key costs anyway.
func BenchmarkFindEncodedKeys(b *testing.B) {
	for _, encoded := range []bool{false, true} {
		name := "written"
		if encoded {
			name = "base64"
		}
		var buf bytes.Buffer
		buf.WriteString("apiVersion: v1\nkind: Secret\ndata:\n")
		for i := 0; buf.Len() < 1<<20; i++ {
			v := hexOf([]byte{byte(i), byte(i >> 8)})
			if encoded {
				v = base64.StdEncoding.EncodeToString([]byte(v))
			}
			fmt.Fprintf(&buf, "  CUDO_API_KEY_%d: %s\n", i, v)
		}
		data := buf.Bytes()
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for range b.N {
				Default.Find(data, Hint{Path: "secrets.yaml"})
			}
		})
	}
}

package rules

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchSize is the size of each benchmark input.
const benchSize = 1 << 20

// BenchmarkFind measures the core on 1 MiB inputs of the shapes that cost
// it most, reporting MB/s: `go test -bench Find ./rules/`.
func BenchmarkFind(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	inputs := []struct {
		name string
		src  []byte
		path string
	}{
		// The common case: text that never mentions CUDO.
		{"plain-text", fill(func() string { return sentence(rng) + "\n" }), "notes.md"},
		// The same text in a CUDO project: every rule runs.
		{"plain-text-cudo", append([]byte("# CUDO Compute notes\n"), fill(func() string { return sentence(rng) + "\n" })...), "notes.md"},
		// Checksums, digests and commit ids in a file that mentions CUDO:
		// every line is a candidate that context must reject.
		{"hex-heavy", append([]byte("# cudoctl release checksums\n"), fill(func() string {
			h := randHex(rng, 32)
			switch rng.IntN(4) {
			case 0:
				return h + "  cudoctl_linux_amd64.tar.gz\n"
			case 1:
				return "    sha256: " + h + "\n"
			case 2:
				return "image: ghcr.io/acme/cudo-agent@sha256:" + h + "\n"
			}
			return "commit " + h + randHex(rng, 8) + "\n"
		})...), "release.txt"},
		// Many CUDO mentions and Authorization headers, good and bad.
		{"keyword-heavy", fill(func() string {
			switch rng.IntN(5) {
			case 0:
				return `curl -H "Authorization: Bearer $CUDO_API_KEY" https://rest.compute.cudo.org/v1/vms` + "\n"
			case 1:
				return `headers = {"Authorization": "Bearer" + cudo_api_key}  # cudo` + "\n"
			case 2:
				return `req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", key)) // CUDO` + "\n"
			case 3:
				return `cudo: {project: demo, token: ${{ secrets.CUDO_API_KEY }}}` + "\n"
			}
			return "The cudo client sends Authorization: Bearer <api_key> to CUDO.\n"
		}), "client.py"},
		// Inputs that once made the core quadratic: an unclosed brace after
		// every Bearer, and directives packed on one line.
		{"adversarial", append([]byte("cudo "), fill(func() string { return "Bearer {x # cudoscan:allow r " })...), "x.txt"},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			for b.Loop() {
				Default.Find(in.src, Hint{Path: in.path})
			}
		})
	}
}

// fill concatenates lines from next until the input holds benchSize bytes.
func fill(next func() string) []byte {
	var sb strings.Builder
	for sb.Len() < benchSize {
		sb.WriteString(next())
	}
	return []byte(sb.String()[:benchSize])
}

func randHex(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return hex.EncodeToString(b)
}

var benchWords = strings.Fields(`the a scanner reads every file of a tree and reports what it
found with the line and column where it starts so that an editor can jump there
keys tokens secrets belong in environment variables or a secret store never in code
release notes build test deploy machine project region disk image network`)

// sentence returns a line of prose with an occasional number in it.
func sentence(rng *rand.Rand) string {
	n := 6 + rng.IntN(12)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = benchWords[rng.IntN(len(benchWords))]
	}
	if rng.IntN(4) == 0 {
		ws[rng.IntN(n)] = fmt.Sprint(rng.IntN(100000))
	}
	return strings.Join(ws, " ") + "."
}

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
)

// The big file is a service log: request lines with 32-hex request ids and,
// on one line in ten, a 64-hex image digest, none of it near CUDO. A few
// planted lines dump a CUDO key. The log is a 4 MiB block written over and
// over with the plants between blocks, so 1 GiB is written at disk speed.
const (
	bigBlockSize = 4 << 20
	bigPlants    = 5
)

// bigPlantLines are the planted log lines; %s is the key.
var bigPlantLines = []string{
	"2026-01-05T10:00:00.000Z DEBUG loaded environment: CUDO_API_KEY=%s CUDO_PROJECT_ID=ml-training\n",
	"2026-01-05T10:00:00.000Z DEBUG settings: {\"cudo_api_key\": \"%s\", \"region\": \"se-smedjebacken-1\"}\n",
	"2026-01-05T10:00:00.000Z DEBUG GET https://rest.compute.cudo.org/v1/vms Authorization: Bearer %s\n",
	"2026-01-05T10:00:00.000Z DEBUG provider config: cudoApiKey=%s\n",
	"2026-01-05T10:00:00.000Z DEBUG exporting TF_TEST_CUDO_API_KEY=%s\n",
}

// writeBigFile writes size bytes of log to file and returns its truth.
func writeBigFile(file string, size int64, g *gen) (*truth, error) {
	// Small files (smoke runs) get smaller blocks, so the plants still
	// land in distinct places.
	block := g.logBlock(max(4096, min(int64(bigBlockSize), size/16)))
	blocks := max(1, size/int64(len(block)))
	// Plant after evenly spread blocks, never in the final partial block.
	plantAt := map[int64]int{}
	for p := range bigPlants {
		plantAt[(blocks*int64(p))/bigPlants+blocks/(2*bigPlants)] = p
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	t := &truth{}
	var written int64
	line := 1
	blockLines := bytes.Count(block, []byte("\n"))
	for bi := int64(0); written < size; bi++ {
		chunk := block
		if rest := size - written; rest < int64(len(chunk)) {
			chunk = chunk[:rest]
		}
		n, _ := w.Write(chunk)
		written += int64(n)
		line += blockLines
		if p, ok := plantAt[bi]; ok && written < size {
			key := g.hex64()
			text := fmt.Sprintf(bigPlantLines[p], key)
			n, _ := w.WriteString(text)
			written += int64(n)
			t.addKey(key, "", line, "log-line")
			line++
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return t, f.Close()
}

// logBlock returns about n bytes of log lines ending in a newline.
func (g *gen) logBlock(n int64) []byte {
	var b bytes.Buffer
	methods := []string{"GET", "POST", "PUT", "DELETE"}
	for i := 0; int64(b.Len()) < n-200; i++ {
		h := g.hex64()
		fmt.Fprintf(&b, "2026-01-05T10:%02d:%02d.%03dZ INFO  %s /v1/%s/%d id=%s status=%d dur=%dms",
			i/60000%60, i/1000%60, i%1000, g.pick(methods), g.pick(idents), g.r.IntN(100000), h[:32], 200+g.r.IntN(4)*100, g.r.IntN(900))
		if i%10 == 0 {
			fmt.Fprintf(&b, " image=registry.example.com/app@sha256:%s", g.hex64())
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// A synthetic tree looks like a monorepo of small services: mostly code,
// config and docs that never mention CUDO; one file in 40 holds a planted
// key, one in 40 a decoy, one in 40 mentions CUDO without a key, one in 100
// is binary. Each service has a .gitignore that ignores its .env and tfvars
// files, as real projects do, so a tool honouring .gitignore would read less.
const (
	plantEvery   = 40
	plantSlot    = 7
	decoySlot    = 23
	mentionSlot  = 31
	binaryEvery  = 100
	filesPerSvc  = 50
	maxFillBytes = 16 << 10
)

// writeTree creates a synthetic tree of n files under dir and returns its
// truth.
func writeTree(dir string, n int, g *gen) (*truth, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	t := &truth{}
	services := max(1, n/filesPerSvc)
	for s := range services {
		if err := writeFile(dir, svcDir(s)+"/.gitignore", []byte("app*/.env\n*.tfvars\n")); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	for i := range n {
		b.Reset()
		rel, err := g.treeFile(&b, t, svcDir(min(i/filesPerSvc, services-1)), i, true)
		if err != nil {
			return nil, err
		}
		if err := writeFile(dir, rel, b.Bytes()); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func svcDir(s int) string { return fmt.Sprintf("svc-%03d", s) }

// treeFile writes the content of the i-th file of a tree into b and returns
// its path. With secrets false it never plants keys or decoys (a base tree
// that must come out clean).
func (g *gen) treeFile(b *bytes.Buffer, t *truth, svc string, i int, secrets bool) (string, error) {
	switch {
	case secrets && i%plantEvery == plantSlot:
		s := plants[(i/plantEvery)%len(plants)]
		return g.plantFile(b, t, svc, s, i), nil
	case secrets && i%plantEvery == decoySlot:
		s := decoys[(i/plantEvery)%len(decoys)]
		rel := path.Join(svc, fmt.Sprintf(s.file, i))
		h := g.hex64()
		text := s.text(h)
		b.WriteString(text)
		v := decoyValue(s, h)
		t.addDecoy(v, rel, lineOf(text, v)+1, s.name)
		return rel, nil
	case i%plantEvery == mentionSlot:
		rel := path.Join(svc, fmt.Sprintf("docs/deploy-%d.md", i))
		b.WriteString("# Deploying\n\nThe service runs on CUDO Compute; set CUDO_API_KEY in the environment.\n\n")
		g.fill(b, ".md", g.r.IntN(maxFillBytes))
		return rel, nil
	case i%binaryEvery == binaryEvery-1:
		rel := path.Join(svc, fmt.Sprintf("assets/img-%d.png", i))
		b.WriteString("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		for range 512 + g.r.IntN(8192) {
			b.WriteByte(byte(g.r.Uint32()))
		}
		return rel, nil
	default:
		ext := g.pick(exts)
		rel := path.Join(svc, fmt.Sprintf("pkg%d/file_%d%s", i%7, i, ext))
		g.fill(b, ext, 200+g.r.IntN(maxFillBytes))
		return rel, nil
	}
}

// plantFile writes a file holding a freshly drawn key in syntax s, records
// the key in t and returns the file's path. Code and docs get unrelated
// text after the snippet; config formats stay as they are.
func (g *gen) plantFile(b *bytes.Buffer, t *truth, svc string, s snippet, i int) string {
	rel := path.Join(svc, fmt.Sprintf(s.file, i))
	key := g.hex64()
	text := s.text(key)
	b.WriteString(text)
	switch ext := path.Ext(rel); ext {
	case ".go", ".py", ".js", ".md", ".sh":
		b.WriteString("\n")
		g.fill(b, ext, g.r.IntN(maxFillBytes))
	}
	t.addKey(key, rel, lineOf(text, key)+1, s.name)
	return rel
}

// writeFile writes data at the slash-separated path rel under root,
// creating directories.
func writeFile(root, rel string, data []byte) error {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// isText reports whether a generated file is text (binary files are never
// modified by the git generators).
func isText(rel string) bool { return !strings.HasSuffix(rel, ".png") }

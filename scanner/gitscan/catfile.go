package gitscan

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// catFile is one long-lived `git cat-file --batch`: object names go in, one
// per line; each comes back as a header line and the object's bytes, which
// are streamed to the caller, never held whole.
type catFile struct {
	p   *proc
	in  *bufio.Writer
	out *bufio.Reader

	closed   bool
	closeErr error
}

func (r *Repo) startCatFile(ctx context.Context) (*catFile, error) {
	p, err := r.start(ctx, true, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	return &catFile{p: p, in: bufio.NewWriterSize(p.stdin, 16<<10), out: bufio.NewReaderSize(p.stdout, 64<<10)}, nil
}

// request asks for an object; flush sends the requests written so far.
func (c *catFile) request(oid string) error {
	c.in.WriteString(oid)
	return c.in.WriteByte('\n')
}

func (c *catFile) flush() error { return c.in.Flush() }

// header reads the header of the next answer. A missing object has no
// body; any other is followed by size bytes and a newline, which the
// caller reads with body and then ends with next.
func (c *catFile) header() (typ string, size int64, missing bool, err error) {
	line, err := c.out.ReadString('\n')
	if err != nil {
		return "", 0, false, c.fail(fmt.Errorf("reading an answer: %w", err))
	}
	f := strings.Fields(line)
	switch {
	case len(f) == 2 && f[1] == "missing", len(f) == 2 && f[1] == "ambiguous":
		return "", 0, true, nil
	case len(f) != 3:
		return "", 0, false, c.fail(fmt.Errorf("unexpected answer %q", line))
	}
	size, err = strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return "", 0, false, c.fail(fmt.Errorf("unexpected answer %q", line))
	}
	return f[1], size, false, nil
}

// body returns a reader of the current object's bytes.
func (c *catFile) body(size int64) *io.LimitedReader {
	return &io.LimitedReader{R: c.out, N: size}
}

// next skips what is left of the current object, and its newline.
func (c *catFile) next(body *io.LimitedReader) error {
	if body.N > 0 {
		if _, err := io.Copy(io.Discard, body); err != nil {
			return c.fail(fmt.Errorf("reading an object: %w", err))
		}
	}
	if b, err := c.out.ReadByte(); err != nil || b != '\n' {
		return c.fail(fmt.Errorf("answer not ended by a newline (%v)", err))
	}
	return nil
}

// closeInput tells cat-file that no more requests come; it exits once its
// answers are read.
func (c *catFile) closeInput() error {
	err := c.in.Flush()
	if cerr := c.p.stdin.Close(); err == nil {
		err = cerr
	}
	return err
}

// close ends the process and returns how it exited; once closed, it
// returns that again.
func (c *catFile) close() error {
	if !c.closed {
		c.closed = true
		c.p.stdin.Close()
		io.Copy(io.Discard, c.out)
		c.closeErr = c.p.wait()
	}
	return c.closeErr
}

// fail adds the command and what git said, once it has exited, to err.
func (c *catFile) fail(err error) error {
	if werr := c.close(); werr != nil {
		return fmt.Errorf("%w (%v)", werr, err)
	}
	return c.p.wrap(err)
}

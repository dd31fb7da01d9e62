package scanner

import (
	"context"
	"io"
)

// interruptible reads r until ctx is done, and returns ctx.Err() as soon as
// it is, even while a read of r is blocked: a pipe whose writer is silent
// (cudoscan scan - reading a stream that never ends) must not keep Ctrl-C
// from ending the scan. The blocked read is left to finish in the
// background, into a buffer of its own; nothing reads from r after that.
type interruptible struct {
	ctx  context.Context
	r    io.Reader
	buf  []byte
	done chan readResult // the read in flight, if a Read was interrupted
}

type readResult struct {
	n   int
	err error
}

func (c *interruptible) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if c.done == nil {
		c.done = make(chan readResult, 1)
	}
	if cap(c.buf) < len(p) {
		c.buf = make([]byte, len(p))
	}
	buf := c.buf[:len(p)]
	go func() {
		n, err := c.r.Read(buf)
		c.done <- readResult{n, err}
	}()
	select {
	case res := <-c.done:
		return copy(p, buf[:res.n]), res.err
	case <-c.ctx.Done():
		c.buf = nil // the read in flight owns it now
		return 0, c.ctx.Err()
	}
}

//go:build unix

package scanner

import (
	"os"
	"syscall"
)

// openFlags open without blocking: if a path was swapped for a FIFO after
// the walk saw a regular file, opening it must not wait for a writer.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY

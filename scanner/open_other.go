//go:build !unix

package scanner

import "os"

const openFlags = os.O_RDONLY

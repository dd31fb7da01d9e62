//go:build unix && !linux

package scanner

import "syscall"

// sysOpen opens a path; on this system, paths of PATH_MAX bytes or more
// fail with ENAMETOOLONG and are reported as unreadable.
func sysOpen(path string, flags int) (int, error) { return syscall.Open(path, flags, 0) }

// Package scanner runs the detection core over files, directory trees and
// streams, in parallel, and reports what it found and what it scanned.
//
// It walks each root without following symlinks (unless asked), skips .git
// directories, binary files, oversize files and special files (FIFOs,
// sockets, devices: opening them could block the scan forever), and applies
// doublestar include/exclude globs to slash-separated paths relative to the
// root. Every file is read through a fixed-size buffer per worker, so memory
// stays bounded whatever the file size: a large file is fed to the core in
// chunks that overlap by more than the core's context reach, so a key across
// a chunk boundary is still found, once.
package scanner

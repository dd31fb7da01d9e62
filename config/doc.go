// Package config reads cudoscan's configuration file, .cudoscan.yaml.
//
// The file is strict: an unknown key, a value of the wrong type, an invalid
// glob or an allow entry without a reason is an error that names the file
// and the line, so that a typo never silently turns a setting off. It holds
// the settings a repository wants every run to share (globs, extra CUDO
// context words, placeholders, paths never reported, the minimum
// confidence, the baseline file and verification settings); flags given on
// the command line override it.
//
// The package only parses and validates: it does not scan, and it knows
// nothing of the command line.
package config

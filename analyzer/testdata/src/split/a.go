// Package split hides CUDO Compute API keys from text scanners by splitting
// them across constants and files, typing them, and prefixing them with
// the Bearer scheme. The keys are synthetic fixtures (feedc0de...).
package split

const keyHead = "feedc0de0cf65debb42187acc2be4838" // half a key: 32 hex digits are no key to a text scanner

package rules

import (
	"bytes"
	"strings"
)

// Shapes of text that make a generic name (key, token) certainly a CUDO
// key's once the file names CUDO, and one shape that needs no mention: the
// record CUDO's API returns when it creates a key.

// shapeReach bounds how far before a value these shapes are sought.
const shapeReach = 320

// isCudoctlEntry reports whether the value on the line starting at ls is a
// keys[].key entry of a cudoctl config printed or pasted somewhere else
// than a cudo.yml (a notebook's output cell, a log, a README): a "keys:"
// list under "configVersion:".
func isCudoctlEntry(src []byte, ls int, name token) bool {
	if !strings.EqualFold(name.text, "key") {
		return false
	}
	before := src[max(0, ls-shapeReach):ls]
	return bytes.Contains(before, []byte("keys:")) &&
		bytes.Contains(src[max(0, ls-windowBefore):ls], []byte("configVersion:"))
}

// isCollectionBearer reports whether the value at the line starting at ls is
// the token of a Postman or Insomnia bearer auth block:
//
//	"auth": {"type": "bearer", "bearer": [{"key": "token", "value": "<key>"}]}
//	"authentication": {"type": "bearer", "token": "<key>"}
//
// An API client's collection sends it as "Authorization: Bearer <key>".
func isCollectionBearer(src []byte, ls int, name token) bool {
	if !strings.EqualFold(name.text, "token") {
		return false
	}
	before := src[max(0, ls-shapeReach):name.start]
	return bytes.Contains(before, []byte(`"bearer"`))
}

// isAPIKeyRecord reports whether the value src[start:end] is the "key" of
// an ApiKey record as POST /v1/api-keys returns it:
// {"createTime": "...", "id": "<name>", "key": "<key>"}.
func isAPIKeyRecord(src []byte, start, end int) bool {
	ls := lineStart(src, start, namesBack)
	if !bytes.HasSuffix(bytes.TrimRight(src[ls:start], ` "':`), []byte(`"key`)) {
		return false
	}
	lo, hi := max(0, start-shapeReach), min(len(src), end+shapeReach)
	if o := bytes.LastIndexByte(src[lo:start], '{'); o >= 0 {
		lo += o
	}
	if c := bytes.IndexByte(src[end:hi], '}'); c >= 0 {
		hi = end + c
	}
	obj := src[lo:hi]
	return bytes.Contains(obj, []byte(`"createTime"`)) && bytes.Contains(obj, []byte(`"id"`))
}

// findAPIKeyRecords reports the keys of ApiKey records in a JSON file that
// never names CUDO: the saved answer of POST /v1/api-keys. It runs only on
// small .json files holding "createTime", so it costs nothing elsewhere.
func (d *Detector) findAPIKeyRecords(src []byte, path string, out []Match) []Match {
	if len(src) > maxRecordFile || len(path) < 5 || !strings.EqualFold(path[len(path)-5:], ".json") ||
		!bytes.Contains(src, []byte(`"createTime"`)) {
		return out
	}
	forEachHexRun(src, func(start, end int) {
		if end-start != KeyLen || !isAPIKeyRecord(src, start, end) || isPlaceholderHex(src[start:end]) {
			return
		}
		out = append(out, Match{
			RuleID: RuleAPIKey, Severity: SeverityError, Confidence: ConfidenceHigh,
			Start: start, End: end, Secret: string(src[start:end]),
			Message: apiKeyRecordMessage,
		})
	})
	return out
}

// apiKeyRecordMessage is the message of a key found in an ApiKey record,
// with or without a CUDO mention in the file: the same key, the same words.
const apiKeyRecordMessage = "hard-coded CUDO API key in a saved API key record (the answer of POST /v1/api-keys): " + RevokeAdvice

// maxRecordFile bounds the JSON files searched for ApiKey records.
const maxRecordFile = 64 << 10

// Package broken does not type-check, and still leaks a CUDO key: the text
// checks need no types. The key is a synthetic fixture.
package broken

const cudoAPIKey = "feedc0de75602ad1d9a6d9b2cb88ca9caed0fba77339752e45885b4911fbac3a" // want `hard-coded CUDO API key in cudoAPIKey`

var count int = "not a number"

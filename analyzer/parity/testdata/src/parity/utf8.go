// Package parity holds Go files whose findings both cudoscan and cudovet
// must place at the same file:line:col: multi-byte text before a key, tabs,
// keys inside multi-line raw strings; the test adds files with CR LF line
// ends and a byte order mark, which gofmt would not leave alone.
// The keys are synthetic fixtures (feedc0de...).
package parity

// Überprüfung für CUDO — CUDO_API_KEY=feedc0dedfa13d9904d37c1635fca69ef41facfb2fdf9811d6c3f7ec7db5f5e5 // want `hard-coded CUDO API key in CUDO_API_KEY`

const ключ, cudoAPIKey = "鍵", "feedc0deb6f992b8e823e5f9af4cd26b1e7c1bb6ba8cb9412a1d1738fc8dcde6" // want `hard-coded CUDO API key in cudoAPIKey`

var name, cudoToken = "日本語", "feedc0debf560f631cdba9f19a7e8683f95ce9e5a4a8bf4d8236b06d7e1ad577" // want `hard-coded CUDO API key in cudoToken`

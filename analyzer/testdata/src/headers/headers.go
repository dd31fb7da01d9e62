// Package headers calls the CUDO Compute API at rest.compute.cudo.org and
// sets its Authorization header every way that works and every way that
// makes CUDO answer 401.
package headers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

func noScheme(req *http.Request, cudoKey string) {
	req.Header.Set("Authorization", os.Getenv("CUDO_API_KEY")) // want `header without the .* scheme`

	k := os.Getenv("CUDO_API_KEY")
	req.Header.Add("Authorization", k) // want `header without the .* scheme`

	h := http.Header{"Authorization": {k}} // want `header without the .* scheme`
	req.Header = h                         // uses the literal above

	req.Header["Authorization"] = []string{k} // want `header without the .* scheme`

	// The core sees this one too, from the { on: one diagnostic, with the fix.
	req.Header = http.Header{"Authorization": {cudoKey}} // want `header without the .* scheme`
}

func missingSpace(req *http.Request, k string) {
	req.Header.Set("Authorization", "Bearer"+k) // want `is glued to the key`

	req.Header.Set("Authorization", fmt.Sprintf("Bearer%s", k)) // want `is glued to the key`

	auth := "Bearer" + k // want `is glued to the key`
	req.Header.Set("Authorization", auth)

	const scheme = "Bearer"                   // a constant: the problem is where it is glued, below
	req.Header.Set("Authorization", scheme+k) // want `is glued to the`
}

func untrimmed(req *http.Request, resp *http.Response) error {
	data, err := os.ReadFile("/etc/cudo/api-key")
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+string(data)) // want `newline inside the Authorization value`

	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	tok := string(b)
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", tok)) // want `newline inside the Authorization value`

	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	req.Header.Set("Authorization", "Bearer "+line) // want `newline inside the Authorization value`

	raw, _ := os.ReadFile("/run/secrets/compute")
	req.Header.Set("Authorization", string(raw)) // want `header without the .* scheme.*; the .* is also read from a file and never trimmed`
	return nil
}

func wellFormed(req *http.Request, k, authHeader string) {
	req.Header.Set("Authorization", "Bearer "+os.Getenv("CUDO_API_KEY")) // well formed: scheme, one space, value

	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", strings.TrimSpace(k))) // well formed and trimmed

	data, _ := os.ReadFile("/etc/cudo/api-key")
	data = bytes.TrimSpace(data)
	req.Header.Set("Authorization", "Bearer "+string(data)) // trimmed when it was read

	v, _ := os.ReadFile("/etc/cudo/api-key")
	req.Header.Set("Authorization", "Bearer "+strings.TrimRight(string(v), "\n")) // trimmed where it is used

	req.Header.Set("Authorization", authHeader) // holds a whole header value, scheme included

	req.Header.Set("Proxy-Authorization", "Basic "+k) // another header

	_ = req.Header.Get("Authorization") // read, not set
}

// The scheme kept in a constant is visible only to the type checker; the
// text scanner sees "tokenScheme+k" and nothing wrong with it.
const tokenScheme = "Token "

// doubleSpaced carries the scheme with two spaces.
const doubleSpaced = "Bearer  "

func builtAtRunTime(req *http.Request, k string) {
	req.Header.Set("Authorization", tokenScheme+k)  // want `wrong scheme`
	req.Header.Set("Authorization", doubleSpaced+k) // want `more than one space`
	req.Header.Set("Authorization", "Token "+k)     // want `wrong scheme`
	req.Header.Set("Authorization", "Basic "+k)     // want `wrong scheme`
	req.Header.Set("Authorization", "Bearer "+k)    // well formed: one space, then the key
}

package imports

import (
	"io"
	"net/http"
)

// The parameters hide the packages a fix would use: no fix is offered.
func shadowed(req *http.Request, body io.Reader, os, strings []string) {
	cudoKey := "feedc0de5be64acc6bb4ed0d7afb79228df2c23119a0dda4aec5191d0ba7fcda" // want `hard-coded CUDO API key in cudoKey`
	req.Header.Set("X-Key", cudoKey+os[0])

	data, _ := io.ReadAll(body)
	req.Header.Set("Authorization", "Bearer "+string(data)+strings[0]) // want `newline inside the Authorization value`
}

package imports

import (
	"fmt"
	"io"
	"net/http"
)

func fromBody(req *http.Request, body io.Reader) {
	data, _ := io.ReadAll(body)
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", data)) // want `newline inside the Authorization value`
}

package parity

import (
	"fmt"
	"net/http"
	"os"
)

func send(req *http.Request, k string) {
	req.Header.Set("Authorization", os.Getenv("CUDO_API_KEY"))  // want `header without the .* scheme`
	req.Header.Set("Authorization", fmt.Sprintf("Bearer%s", k)) // want `is glued to the`
	req.Header.Set("Authorization", "Token $CUDO_API_KEY")      // want `wrong scheme`
}

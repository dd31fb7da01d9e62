package imports

import "net/http"

func send(req *http.Request) {
	req.Header.Set("Authorization", "Bearer feedc0de969150bb25dd117a3eed94302f50b05090d2b9bbb5ae6d11e8e0e870") // want `CUDO API key used as a Bearer token`
}

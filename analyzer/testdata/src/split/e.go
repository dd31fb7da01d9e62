package split

import "net/http"

const stagingValue = "feedc0ded01a9062866169b3baac0a585661373ff3041d3a2d0c1bf011ac244f" // want `hard-coded .... API key in stagingValue`

func stage(req *http.Request) {
	req.Header.Set("Authorization", stagingValue) // want `header without the .* scheme.*\(key feed\.\.\.244f\)`
}

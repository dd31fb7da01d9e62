// Package keys hard-codes CUDO Compute API keys the ways leaked code does.
// The keys are synthetic fixtures (feedc0de...): none was ever issued.
package keys

import (
	"net/http"

	httptransport "example.com/runtime/client"
)

// Only read as a string: the fix can make it a variable.
const cudoAPIKey = "feedc0de02d3bb778765a46d4b64ae99a3c5b092fb77c5a5789619e9141837fa" // want `hard-coded CUDO API key in cudoAPIKey: revoke it.* \(key feed\.\.\.37fa\)$`

var cudoToken = `feedc0de14ba63e4b09bba26fb4870e8fb6b7c6f0862f9808ba0e489e6358d1f` // want `hard-coded CUDO API key in cudoToken`

// CUDO_API_KEY=feedc0de3b8437ba7bd4f29597f18bdba7c6b52cf5cacc7f78b306ba1afcb88e // want `hard-coded CUDO API key in CUDO_API_KEY`

// Needed as a constant by another constant: no fix, the diagnostic says what to do.
const cudoSecret = "feedc0de5c9b141fce67ab64ee37d0a8b58b9a9b54e081d703185dfdcb310e82" // want `hard-coded CUDO API key in cudoSecret`

const cudoHeader = "Bearer " + cudoSecret // a reference to the constant above, not a second key

// Exported: another package may need it constant, so no fix.
const CudoExportedKey = "feedc0dee3e1e18555df1a514358a42718f2fa76b92ec288286d1039959dd98f" // want `hard-coded CUDO API key in CudoExportedKey`

var cudoPrefixed = "ck_live_XWHs7D9Nc526stFsiBtwB37u" // want `hard-coded prefixed CUDO API key \(ck_live_\)`

func request() *http.Request {
	req, _ := http.NewRequest("GET", "https://rest.compute.cudo.org/v1/vms", nil)
	req.Header.Set("Authorization", "Bearer feedc0de1821849c5031614e4cd1f36c68b8894624442d1e53f4159dcfa711bc") // want `used as a Bearer token`
	req.Header.Set("X-Trace", cudoHeader+cudoAPIKey+cudoToken+cudoPrefixed)                                    // uses the values as plain strings
	return req
}

var transport = httptransport.BearerToken("feedc0de41eaf0e4f3159697d19b76feadac7cf75751f32ef6906ddafd87ceec") // want `used as a Bearer token`

// A digest named as one, in the same CUDO package.
const releaseSHA256 = "feedc0deb59a02b37b0fc586273e25c640b4cf0a7287d56302ea67782a5203ff" // a checksum by its name: not reported

const cudoFiller = "0000000000000000000000000000000000000000000000000000000000000000" // a filler of zeros: not reported

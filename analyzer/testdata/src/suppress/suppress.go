// Package suppress checks cudoscan:allow directives against the type-based
// findings of a package that talks to CUDO Compute. The keys are synthetic
// fixtures (feedc0de...).
package suppress

import (
	"net/http"
	"os"
)

// cudoscan:allow revoked on 2026-01-05, kept as a parser fixture
const cudoAPIKey = "feedc0de98e92d1cb5e4c9674110dff86adadfd2ba8644c618484da4fc80abbc" // suppressed by the directive above

const keyHead = "feedc0de21b2f55ae1bc9f27f867547f" // half a key

// cudoscan:allow revoked split fixture: the directive must not be reported unused
const cudoKey = keyHead + "16e52a3614606fe4066278bbe92942ff" // a type-based finding, suppressed by the directive above

func send(req *http.Request) {
	k := os.Getenv("CUDO_API_KEY")
	//cudoscan:allow the gateway in front of this client adds the scheme
	req.Header.Set("Authorization", k) // a type-based finding, suppressed by the directive above

	// want +1 `needs a reason`
	//cudoscan:allow
	req.Header.Add("Authorization", k) // want `header without the .* scheme`

	// want +1 `suppresses nothing`
	// cudoscan:allow stale: this line once set the header
	req.Header.Set("X-Request-Id", "1") // nothing to suppress here

	req.Header.Set("X-Trace", cudoAPIKey+cudoKey) // uses the constants as plain strings
}

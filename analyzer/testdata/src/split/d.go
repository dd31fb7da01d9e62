package split

import "net/http"

const rawKey = "feedc0de263b7193da50af8be963d95ab2931c79c5c178cbc338b635e2e750e7" // want `hard-coded .... API key in rawKey`

const authValue = "Bearer " + rawKey // refers to the constant above: the secret is reported where it is written

const partA, partB = "feedc0defbc32958c87356b8c4390e90", "7bfd80ca3a36d0870ef4c5fe5a886e82" // halves: nothing on their own

func sign(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+partA+partB) // want `hard-coded .... API key split across string constants in Authorization`
	req.Header.Set("X-Signature", authValue)               // a use of the constant, in a header this tool does not check
}

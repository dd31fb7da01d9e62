package split

// Token is a credential for the compute API. This file never names the
// provider: only the types say these constants are keys.
type Token string

const staging Token = "feedc0de7891d11252061e4f01499340d803329104d15dd3960799e13c87c1ef" // want `hard-coded .... API key in staging`

func connect(t Token) Token { return t }

var conn = connect("feedc0de61083600359730b391341ef1f6b343676be048a7df1e05eddc324dad") // want `hard-coded .... API key in connect`

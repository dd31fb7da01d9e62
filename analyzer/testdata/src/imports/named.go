package imports

import xos "os"

var cudoToken = "feedc0dee3cc5f9e38a171ae8d56d11ed58c152ce04a07bb5139b9f3c18f5930" // want `hard-coded CUDO API key in cudoToken`

var home = xos.Getenv("HOME")

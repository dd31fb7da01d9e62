package parity

// want +4 `CUDO API key in api_key`
var config = `
[cudo]
project = "my-project"
api_key = "feedc0de6a1946c0f503932a3b857b932e03e96ced5b93cfe81fedeb3aa1b7e1"
`

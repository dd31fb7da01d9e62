package parity

// want +1 `needs a reason` `hard-coded CUDO API key in cudoLegacyKey`
var cudoLegacyKey = "feedc0de75602ad1d9a6d9b2cb88ca9caed0fba77339752e45885b4911fbac3a" //cudoscan:allow

// cudoscan:allow revoked on 2026-01-05, kept for the parser tests
var cudoRevokedKey = "feedc0de6a1946c0f503932a3b857b932e03e96ced5b93cfe81fedeb3aa1b7e0"

// want +1 `suppresses nothing`
// cudoscan:allow stale
var cudoProject = "my-project"

// Package imports checks that fixes import what they use. It talks to CUDO
// Compute; the keys are synthetic fixtures (feedc0de...).
package imports

var cudoAPIKey = "feedc0de454a02ba654797b4c29dc49c04cd6c3e0ef25d52accf85c59deb2a1c" // want `hard-coded CUDO API key in cudoAPIKey`

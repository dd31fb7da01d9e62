package parity

func tabs() string {
	if true {
		cudoKey := "feedc0de0e22474cf0fa71d16f9e7b62a792a745f9cf81ba4ea594f2e2bf387f" // want `hard-coded CUDO API key in cudoKey`
		return cudoKey
	}
	return ""
}

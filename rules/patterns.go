package rules

// scanPatternsApart is scanPatterns as the three searches it stands for,
// one after the other: what runs where there is no one pass (see
// patterns_amd64.go).
func scanPatternsApart(src []byte, cudo, ck func(p int), word func(lo, hi int, class uint8)) {
	forEachCudo(src, cudo)
	forEachCk(src, ck)
	if word != nil {
		forEachLongWord(src, word)
	}
}

package rules

import (
	"bytes"
	"strings"
)

// A Jupyter notebook saves what its cells printed. A cell that prints the
// key (print(os.environ["CUDO_API_KEY"]), or a last line that is the key's
// variable) leaves it in the cell's "outputs", with no name beside it: the
// name is in the cell's source. nbformat writes a cell's keys sorted, so
// "outputs" comes before "source": a value is an output when the nearest
// of the two before it is "outputs".

// notebookOutput reports whether src[start] is in a cell's outputs in a
// notebook, and whether the cell's source names a CUDO key.
func notebookOutput(src []byte, start int, path string) (output, namesKey bool) {
	if !strings.HasSuffix(strings.ToLower(path), ".ipynb") {
		return false, false
	}
	before := src[max(0, start-notebookReach):start]
	outputs := bytes.LastIndex(before, []byte(`"outputs"`))
	if outputs < 0 || bytes.LastIndex(before, []byte(`"source"`)) > outputs {
		return false, false
	}
	// The cell's source follows its outputs, up to the next cell.
	after := src[start:min(len(src), start+notebookReach)]
	if next := bytes.Index(after, []byte(`"cell_type"`)); next >= 0 {
		after = after[:next]
	}
	source := bytes.Index(after, []byte(`"source"`))
	if source < 0 {
		return true, false
	}
	for _, tok := range identifiers(after[source:]) {
		if classifyName(tok, nil) == nameCudoKey {
			return true, true
		}
	}
	return true, false
}

// bareOutputLine reports whether src[start:end] is a whole output line of
// a notebook: the JSON string holds nothing else ("<key>\n", "'<key>'").
// A line with more ("<digest>  model.safetensors") is something else's.
func bareOutputLine(src []byte, start, end int) bool {
	if start == 0 || (src[start-1] != '"' && src[start-1] != '\'') {
		return false
	}
	rest := src[end:min(len(src), end+4)]
	// The line's end is \n as written, or a newline once escapes are
	// decoded.
	return bytes.HasPrefix(rest, []byte(`\n"`)) || bytes.HasPrefix(rest, []byte("\n\"")) ||
		bytes.HasPrefix(rest, []byte(`"`)) || bytes.HasPrefix(rest, []byte(`'`))
}

// notebookReach bounds how far a value's cell is looked for.
const notebookReach = 8 << 10

// identifiers splits b into runs of identifier bytes.
func identifiers(b []byte) [][]byte {
	var out [][]byte
	for i := 0; i < len(b); {
		if !isAlnum(b[i]) && b[i] != '_' {
			i++
			continue
		}
		j := i
		for j < len(b) && (isAlnum(b[j]) || b[j] == '_') {
			j++
		}
		out = append(out, b[i:j])
		i = j
	}
	return out
}

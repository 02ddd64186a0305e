package scenarios

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// splitAtComma finds expressions that YAML cut at a comma: inside a flow
// mapping, {guest: max(a, b) - 0.5} is the entries "guest: max(a" and
// "b) - 0.5", and the error would otherwise name a key "b) - 0.5". A
// value with an unclosed ( followed by keys that close it is one such
// expression; each is reported once, at its start, with the fix (quote
// it). It returns the indices in n.Content of the fragment keys, which
// the caller skips.
func (d *decoder) splitAtComma(n *yaml.Node, path string) map[int]bool {
	if n.Style&yaml.FlowStyle == 0 {
		return nil
	}
	var skip map[int]bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		depth := openParens(v)
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.Style != 0 || depth <= 0 {
			continue
		}
		parts := []string{v.Value}
		j := i + 2
		for ; depth > 0 && j+1 < len(n.Content); j += 2 {
			fk, fv := n.Content[j], n.Content[j+1]
			if fk.Kind != yaml.ScalarNode || fk.Style != 0 {
				break
			}
			part := fk.Value
			depth += openParens(fk)
			if fv.Kind == yaml.ScalarNode && fv.Tag != "!!null" {
				part += ": " + fv.Value
				depth += openParens(fv)
			}
			parts = append(parts, part)
		}
		if len(parts) == 1 || depth > 0 {
			continue // not closed by what follows: an unclosed (, reported as such later
		}
		whole := strings.Join(parts, ", ")
		d.fail(v, join(path, k.Value), "the expression %s was split by YAML at its comma (inside { }, a comma ends an entry); put it in quotes: %s: %q", whole, k.Value, whole)
		if skip == nil {
			skip = map[int]bool{}
		}
		for f := i + 2; f < j; f += 2 {
			skip[f] = true
		}
		i = j - 2
	}
	return skip
}

// openParens is how many more ( than ) a plain scalar holds.
func openParens(n *yaml.Node) int {
	if n.Kind != yaml.ScalarNode {
		return 0
	}
	return strings.Count(n.Value, "(") - strings.Count(n.Value, ")")
}

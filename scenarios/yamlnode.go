package scenarios

import (
	"bytes"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Building scenario files. Converters (Gambit games, KTAB cases) build a
// yaml.Node tree and let yaml.v3's encoder quote and indent, rather than
// printing YAML by hand.

// ymap is a block mapping of the key–value pairs kv (key, value, key, ...).
func ymap(kv ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Content: kv}
}

// yflow is ymap in flow style: {a: 1, b: 2}.
func yflow(kv ...*yaml.Node) *yaml.Node {
	n := ymap(kv...)
	n.Style = yaml.FlowStyle
	return n
}

// yseq is a sequence; flow style when flow is set.
func yseq(flow bool, items ...*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Content: items}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

// ystr is a string scalar, quoted by the encoder when YAML would read it
// as something else.
func ystr(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// ykey is a mapping key: ystr.
func ykey(s string) *yaml.Node { return ystr(s) }

// ynum is a number scalar in the shortest form that reads back exactly.
func ynum(v float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(v, 'g', -1, 64)}
}

// ytrue is the scalar true, for an outcome rule that always holds.
func ytrue() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"} }

// ystrs is a flow sequence of strings.
func ystrs(ss []string) *yaml.Node {
	var items []*yaml.Node
	for _, s := range ss {
		items = append(items, ystr(s))
	}
	return yseq(true, items...)
}

// encodeYAML writes doc with a leading comment, indented by two spaces.
func encodeYAML(comment string, doc *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	root := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: comment, Content: []*yaml.Node{doc}}
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

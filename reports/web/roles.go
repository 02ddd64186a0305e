package web

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/parley-dev/parley/scenarios"
	"go.yaml.in/yaml/v3"
)

// roleModel is what role sheets are made of, read from the scenario's
// own text so that each item is shown as its author wrote it: the issues
// (or strategies) on the table, each party's values, walk-away, demands
// and the constraints that bind it.
type roleModel struct {
	Form        string
	Parties     []named       // id, name
	Negotiators []string      // issues form: the parties at the table
	Matrices    []*matrixView // matrix form with two players: each one's payoffs
	Params      []named       // name, doc (Text: its value or distribution)
	Issues      []issue       // issues form: issues and options; matrix form: each party's strategies
	Utility     []named       // per party: its values or payoff matrix, as written
	BATNA       []named       // per party: its walk-away value
	Demands     []item
	Constraints []item
}

type named struct{ ID, Name, Text string }

type issue struct {
	Name    string
	Options []string
}

type item struct {
	Name, Party, Text, Reason, ImposedBy string
}

// readRoles reads the role-play material of an entry.
func readRoles(e Entry) (*roleModel, error) {
	data, err := entrySource(e)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil, fmt.Errorf("read %s: %v", e.name(), err)
	}
	root := doc.Content[0]
	m := &roleModel{Form: e.Form}
	for _, kv := range pairs(get(root, "parties")) {
		name := kv[1].Value
		if kv[1].Kind == yaml.MappingNode {
			name = get(kv[1], "name").Value
		}
		m.Parties = append(m.Parties, named{ID: kv[0].Value, Name: cmpStr(name, kv[0].Value)})
	}
	for _, kv := range pairs(get(root, "parameters")) {
		m.Params = append(m.Params, named{ID: kv[0].Value, Name: get(kv[1], "doc").Value, Text: text(kv[1], "doc")})
	}
	model := get(root, "model")
	switch e.Form {
	case "issues":
		m.readIssues(get(model, "issues"))
	case "matrix":
		m.readMatrix(get(model, "matrix"))
	}
	return m, nil
}

func (m *roleModel) readIssues(n *yaml.Node) {
	for _, p := range get(n, "parties").Content {
		m.Negotiators = append(m.Negotiators, p.Value)
	}
	if len(m.Negotiators) == 0 {
		for _, p := range m.Parties {
			m.Negotiators = append(m.Negotiators, p.ID)
		}
	}
	for _, kv := range pairs(get(n, "issues")) {
		is := issue{Name: kv[0].Value}
		for _, o := range kv[1].Content {
			is.Options = append(is.Options, o.Value)
		}
		if kv[1].Kind == yaml.MappingNode { // a numeric range: offer its written form
			is.Options = nil
		}
		m.Issues = append(m.Issues, is)
	}
	for _, kv := range pairs(get(n, "utility")) {
		m.Utility = append(m.Utility, named{ID: kv[0].Value, Text: text(kv[1])})
	}
	for _, kv := range pairs(get(n, "batna")) {
		m.BATNA = append(m.BATNA, named{ID: kv[0].Value, Text: text(kv[1])})
	}
	for _, kv := range pairs(get(n, "demands")) {
		m.Demands = append(m.Demands, item{Name: kv[0].Value, Party: get(kv[1], "party").Value,
			Text: text(kv[1], "party", "reason"), Reason: get(kv[1], "reason").Value})
	}
	for _, kv := range pairs(get(n, "constraints")) {
		m.Constraints = append(m.Constraints, item{Name: kv[0].Value, Party: get(kv[1], "party").Value,
			Text: text(kv[1], "party", "reason", "imposed_by"), Reason: get(kv[1], "reason").Value,
			ImposedBy: get(kv[1], "imposed_by").Value})
	}
}

func (m *roleModel) readMatrix(n *yaml.Node) {
	for _, kv := range pairs(get(n, "strategies")) {
		is := issue{Name: kv[0].Value}
		for _, o := range kv[1].Content {
			is.Options = append(is.Options, o.Value)
		}
		m.Issues = append(m.Issues, is)
	}
	for _, kv := range pairs(get(n, "bimatrix")) {
		m.Utility = append(m.Utility, named{ID: kv[0].Value, Text: text(kv[1])})
		if len(m.Issues) == 2 {
			m.Matrices = append(m.Matrices, payoffMatrix(kv[0].Value, m.Issues, kv[1]))
		}
	}
	if p := get(n, "payoffs"); p.Kind != 0 { // payoffs per profile: shown as written
		for _, party := range m.Parties {
			m.Utility = append(m.Utility, named{ID: party.ID, Text: text(p)})
		}
	}
}

// matrixView is one player's payoffs in a two-player game: rows are the
// first player's strategies, columns the second's.
type matrixView struct {
	Party            string
	RowName, ColName string
	Rows, Cols       []string
	Cells            [][]string
}

func payoffMatrix(party string, players []issue, n *yaml.Node) *matrixView {
	v := &matrixView{Party: party, RowName: players[0].Name, ColName: players[1].Name,
		Rows: players[0].Options, Cols: players[1].Options}
	for _, row := range n.Content {
		var cells []string
		for _, c := range row.Content {
			cells = append(cells, text(c))
		}
		v.Cells = append(v.Cells, cells)
	}
	return v
}

// sheet is one party's role sheet: its own values, walk-away, demands
// and constraints, and the parameters those mention — nothing of the
// others' private values.
type sheet struct {
	Party       named
	Issues      []issue
	Utility     string
	Matrix      *matrixView
	BATNA       string
	Demands     []item
	Constraints []item
	Params      []named
}

func (m *roleModel) sheet(party string) (sheet, bool) {
	i := slices.IndexFunc(m.Parties, func(p named) bool { return p.ID == party })
	if i < 0 {
		return sheet{}, false
	}
	sh := sheet{Party: m.Parties[i], Issues: m.Issues}
	mentions := ""
	for _, u := range m.Utility {
		if u.ID == party {
			sh.Utility, mentions = u.Text, mentions+u.Text
		}
	}
	for _, mv := range m.Matrices {
		if mv.Party == party {
			sh.Matrix = mv
		}
	}
	for _, b := range m.BATNA {
		if b.ID == party {
			sh.BATNA, mentions = b.Text, mentions+" "+b.Text
		}
	}
	for _, d := range m.Demands {
		if d.Party == party {
			sh.Demands, mentions = append(sh.Demands, d), mentions+" "+d.Text
		}
	}
	for _, c := range m.Constraints {
		if c.Party == party {
			sh.Constraints, mentions = append(sh.Constraints, c), mentions+" "+c.Text
		}
	}
	words := map[string]bool{}
	for _, w := range wordRE.FindAllString(mentions, -1) {
		words[w] = true
	}
	for _, p := range m.Params {
		if words[p.ID] {
			sh.Params = append(sh.Params, p)
		}
	}
	return sh, true
}

var wordRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// entrySource is the text of the entry's scenario.
func entrySource(e Entry) ([]byte, error) {
	if e.src != nil {
		return e.src, nil
	}
	if e.file == "" {
		b, ok := scenarios.Source(e.ID)
		if !ok {
			return nil, fmt.Errorf("no bundled scenario %s", e.ID)
		}
		return b, nil
	}
	b, err := scenarios.ReadFile(e.file, scenarios.MaxScenarioSize, "scenario files")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", e.file, err)
	}
	return b, nil
}

// get is the value under key in a mapping node; an empty node if none.
func get(n *yaml.Node, key string) *yaml.Node {
	for _, kv := range pairs(n) {
		if kv[0].Value == key {
			return kv[1]
		}
	}
	return &yaml.Node{}
}

func pairs(n *yaml.Node) [][2]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

// text writes a node back as YAML without the given keys and without
// the file's comments (they are the author's notes, not the role's).
func text(n *yaml.Node, skip ...string) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	c := *n
	if n.Kind == yaml.MappingNode {
		c.Content = nil
		for _, kv := range pairs(n) {
			if !slices.Contains(skip, kv[0].Value) {
				c.Content = append(c.Content, kv[0], kv[1])
			}
		}
	}
	stripComments(&c)
	b, err := yaml.Marshal(&c)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func stripComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		stripComments(c) // the tree is read afresh for every request
	}
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

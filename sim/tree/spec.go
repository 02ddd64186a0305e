package tree

import "github.com/parley-dev/parley/sim/model"

// NodeSpec is a node of a game tree: a decision (Move and Choices), a
// chance event (Chance) or a terminal (Outcome and Payoff). YAML (section
// "model: tree"): `move: PARTY, choices: {ACTION: node}`,
// `chance: {BRANCH: node}` with `prob: EXPR` on each branch, or
// `outcome: ID, payoff: {PARTY: EXPR}`; any node may have label: and doc:.
type NodeSpec struct {
	Label   string
	Move    string   // the party that decides
	Choices []Branch // the actions open to Move, in file order
	Chance  []Branch // chance branches; each child has Prob
	Prob    string   // this node's probability, when its parent is a chance node
	Outcome string
	Payoff  []model.PayoffSpec
}

// Branch is a named edge to a child node.
type Branch struct {
	Name string
	Node *NodeSpec
}

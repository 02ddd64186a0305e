package sim

// A Spec is a scenario as written, before any name is resolved. The
// scenarios package fills it from YAML; tests and other front ends may
// build one directly. Compile reports problems by key paths that mirror the
// YAML layout, documented in docs/scenario-format.md:
//
//	parties.ID                    a party
//	parameters.NAME[.KIND]        a parameter and its distribution
//	derived.NAME                  a derived value's expression
//	outcomes.ID                   an outcome
//	variants.NAME.set.PARAM       a variant's override
//	model.tree[.choices.A|.chance.B]...  a tree node
//	  ....move, ....outcome, ....payoff.PARTY, ....prob
type Spec struct {
	ID          string
	Title       string
	Source      string
	Description string
	Parties     []PartySpec
	Params      []ParamSpec
	Derived     []DerivedSpec
	Outcomes    []OutcomeSpec
	Variants    []VariantSpec
	Model       ModelSpec
}

// PartySpec is a party to the negotiation.
type PartySpec struct {
	ID   string // short id used in expressions and payoffs; case is kept
	Name string // display name
	Doc  string
}

// ParamSpec is a named input, fixed or uncertain.
type ParamSpec struct {
	Name string
	Dist DistSpec
	Doc  string
}

// DerivedSpec is a named value computed from parameters and other derived
// values.
type DerivedSpec struct {
	Name string
	Expr string
	Doc  string
}

// OutcomeSpec is a named class of result.
type OutcomeSpec struct {
	ID    string
	Label string
	Doc   string
}

// VariantSpec is a named counterfactual: parameters set to another value or
// distribution.
type VariantSpec struct {
	Name string
	Doc  string
	Set  []ParamSpec // Name and Dist only
}

// ModelSpec holds exactly one game form.
type ModelSpec struct {
	Tree *NodeSpec
}

// NodeSpec is a node of a game tree: a decision (Move and Choices), a
// chance event (Chance) or a terminal (Outcome and Payoff).
type NodeSpec struct {
	Label   string
	Move    string   // the party that decides
	Choices []Branch // the actions open to Move, in file order
	Chance  []Branch // chance branches; each child has Prob
	Prob    string   // this node's probability, when its parent is a chance node
	Outcome string
	Payoff  []PayoffSpec
}

// Branch is a named edge to a child node.
type Branch struct {
	Name string
	Node *NodeSpec
}

// PayoffSpec is one party's payoff expression at a terminal node.
type PayoffSpec struct {
	Party string
	Expr  string
}

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

// PartySpec is a party to the negotiation. YAML, under parties: (section
// "parties" of docs/scenario-format.md): `ID: Name` or
// `ID: {name: Name, doc: Doc}`.
type PartySpec struct {
	ID   string // short id used in expressions and payoffs; case is kept
	Name string // display name
	Doc  string
}

// ParamSpec is a named input, fixed or uncertain. YAML, under parameters:
// `NAME: 3` or `NAME: {KIND: ARGS, doc: Doc}`, ARGS a list or a mapping
// by argument name (see DistKinds).
type ParamSpec struct {
	Name string
	Dist DistSpec
	Doc  string
}

// DerivedSpec is a named value computed from parameters and other derived
// values. YAML, under derived: `NAME: EXPR` or `NAME: {expr: EXPR, doc: Doc}`.
type DerivedSpec struct {
	Name string
	Expr string
	Doc  string
}

// OutcomeSpec is a named class of result. YAML, under outcomes:
// `ID: Label` or `ID: {label: Label, doc: Doc}`.
type OutcomeSpec struct {
	ID    string
	Label string
	Doc   string
}

// VariantSpec is a named counterfactual: parameters set to another value or
// distribution. YAML, under variants:
// `NAME: {doc: Doc, set: {PARAM: value or distribution}, drop: [name, ...]}`.
type VariantSpec struct {
	Name string
	Doc  string
	Set  []ParamSpec // Name and Dist only
	Drop []string    // demands or constraints of a bargaining model to remove
}

// ModelSpec holds exactly one game form: the YAML key model: holds one of
// tree:, issues: or matrix:.
type ModelSpec struct {
	Tree   *NodeSpec
	Issues *IssuesSpec
	Matrix *MatrixSpec
}

// MatrixSpec is a game in strategic form: each player picks a strategy at
// once; payoffs are given per profile. Key paths start at model.matrix.
type MatrixSpec struct {
	Players    []string        // party ids in player order; empty means every party
	Strategies []NamedList     // per player, its strategies
	Payoffs    []ProfilePayoff // per profile (any number of players)
	Bimatrix   []NamedMatrix   // two players: a matrix of expressions per player, rows = first player's strategies
	Selection  string          // logit (default), payoff-dominant, risk-dominant, uniform
	Outcomes   []OutcomeRule   // classes of the played profile; the first that holds wins
}

// NamedList is a name with a list of names.
type NamedList struct {
	Name  string
	Items []string
}

// ProfilePayoff gives every player's payoff at one profile.
type ProfilePayoff struct {
	Profile []string // one strategy per player, in player order
	Payoff  []PayoffSpec
}

// NamedMatrix is one player's payoff matrix.
type NamedMatrix struct {
	Party string
	Rows  [][]string
}

// IssuesSpec is a multi-issue negotiation: packages of options, each
// party's utility for a package, walk-away values, demands and constraints.
// Its key paths start at model.issues.
type IssuesSpec struct {
	Parties     []string // the negotiators; empty means every party
	Issues      []IssueSpec
	Utility     []UtilitySpec
	BATNA       []PayoffSpec // per party: the value of walking away
	Power       []PayoffSpec // per party: bargaining power (asymmetric Nash); default 1
	Solution    string       // nash (default), kalai-smorodinsky, utilitarian, egalitarian
	Demands     []DemandSpec
	Constraints []ConstraintSpec
	Deal        []OutcomeRule // how an agreed package is classed; the first rule that holds wins
	NoDeal      string        // the outcome when no package is agreed
	MaxPackages int           // refuse package spaces larger than this; 0 means 1,000,000
}

// IssueSpec is one issue: named options, or a numeric range in steps.
type IssueSpec struct {
	Name    string
	Options []string
	Range   []float64 // [from, to] with Steps ≥ 2 points, instead of Options
	Steps   int
}

// UtilitySpec is one party's utility for a package: either an expression
// over the issues and parameters, or additive weights × option values.
type UtilitySpec struct {
	Party   string
	Expr    string
	Weights []NamedExpr   // per issue; default 1
	Values  []IssueValues // per issue: a value per option (or an expression in the issue's number, for a range)
}

// IssueValues gives a party's value for each option of an issue.
type IssueValues struct {
	Issue   string
	Options []NamedExpr // option → expression
	Expr    string      // for a range issue (or any issue): an expression in the issue's value
}

// NamedExpr is a name with an expression.
type NamedExpr struct {
	Name string
	Expr string
}

// DemandSpec: Party accepts no package unless Require holds. Firm is the
// probability the demand is firm (not a bluff), an expression; default 1.
type DemandSpec struct {
	Name    string
	Party   string
	Require string
	Firm    string
	Reason  string
}

// ConstraintSpec binds a party. Hard: Party cannot agree to a package where
// Forbid holds, unless Unless holds in the world. Soft: where When holds,
// agreeing costs Party Cost (subtracted from its utility).
type ConstraintSpec struct {
	Name      string
	Party     string
	Forbid    string
	Unless    string
	When      string
	Cost      string
	ImposedBy string
	Reason    string
}

// OutcomeRule classes an agreed package: Outcome if If holds ("" always).
type OutcomeRule struct {
	Outcome string
	If      string
}

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

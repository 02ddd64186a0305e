package sim

import "github.com/parley-dev/parley/sim/model"

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
	// Ties is the rule for ties between best moves of a tree (YAML
	// ties:); the zero value splits them evenly.
	Ties model.TieRule
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

package spatial

import "github.com/parley-dev/parley/sim/model"

// DefaultWinTolerance is how near (on the 0–100 scale) the forecast must
// come to an actor's position, on every dimension, for the actor to count
// as a winner when the scenario does not say.
const DefaultWinTolerance = 10

// Spec is a spatial model as written under model: spatial: in a scenario
// file (docs/scenario-format.md, "model: spatial"). Numbers are kept as
// expression text, so that every input may read parameters and derived
// values. Key paths start at model.spatial.
type Spec struct {
	Method       string   // bdm or smp
	Rounds       int      // round (BDM) or turn (SMP) limit; 0: the method's default
	Tolerance    float64  // BDM: stop once no actor moved more than this; 0 none
	Q            float64  // BDM: probability that the status quo holds; 0 the paper's 1
	Capitulation bool     // BDM: the paper's third offer
	WinTolerance *float64 // who wins: forecast within this of an actor's position; nil DefaultWinTolerance

	// Given records which of the method's options the file set, so that
	// an option of the other method is reported, not ignored.
	Given []string

	Dimensions []DimensionSpec
	Actors     []ActorSpec
	Outcomes   []model.OutcomeRule // rules on the forecast, the first that holds wins
}

// DimensionSpec is one issue dimension, on a 0–100 scale. YAML:
// `ID: {label: ..., doc: ..., low: meaning of 0, high: meaning of 100}`.
type DimensionSpec struct {
	ID    string
	Label string
	Doc   string
	Low   string // what a position of 0 means
	High  string // what a position of 100 means
}

// ActorSpec is one actor: a party id or a name of its own. YAML:
// `ID: {name: ..., doc: ..., capability: EXPR, position: {DIM: EXPR},
// salience: {DIM: EXPR}}`.
type ActorSpec struct {
	ID         string
	Name       string
	Doc        string
	Capability string
	Position   []model.NamedExpr // per dimension id
	Salience   []model.NamedExpr // per dimension id
}

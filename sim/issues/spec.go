package issues

import "github.com/parley-dev/parley/sim/model"

// IssuesSpec is a multi-issue negotiation: packages of options, each
// party's utility for a package, walk-away values, demands and constraints.
// Its key paths start at model.issues.
type IssuesSpec struct {
	Parties     []string // the negotiators; empty means every party
	Issues      []IssueSpec
	Utility     []UtilitySpec
	BATNA       []model.PayoffSpec // per party: the value of walking away
	Power       []model.PayoffSpec // per party: bargaining power (asymmetric Nash); default 1
	Solution    string             // nash (default), kalai-smorodinsky, utilitarian, egalitarian
	Demands     []DemandSpec
	Constraints []ConstraintSpec
	Deal        []model.OutcomeRule // how an agreed package is classed; the first rule that holds wins
	NoDeal      string              // the outcome when no package is agreed
	MaxPackages int                 // refuse package spaces larger than this; 0 means 1,000,000
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
	Weights []model.NamedExpr // per issue; default 1
	Values  []IssueValues     // per issue: a value per option (or an expression in the issue's number, for a range)
}

// IssueValues gives a party's value for each option of an issue.
type IssueValues struct {
	Issue   string
	Options []model.NamedExpr // option → expression
	Expr    string            // for a range issue (or any issue): an expression in the issue's value
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

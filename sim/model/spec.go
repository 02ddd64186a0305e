package model

import "fmt"

// Input types shared by several forms' specs.

// PayoffSpec is one party's expression: a payoff at a tree's end, a
// walk-away value, a bargaining power. YAML: `PARTY: EXPR`.
type PayoffSpec struct {
	Party string
	Expr  string
}

// NamedExpr is a name with an expression.
type NamedExpr struct {
	Name string
	Expr string
}

// OutcomeRule classes a result: Outcome if If holds ("" always). YAML:
// `- {outcome: ID, if: EXPR}`.
type OutcomeRule struct {
	Outcome string
	If      string
}

// PercentHint is a hint for a probability written as a percentage.
func PercentHint(p float64) string {
	if p > 1 && p <= 100 {
		return fmt.Sprintf(" (for %v%% write %v)", p, p/100)
	}
	return ""
}

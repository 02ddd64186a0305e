package model

import "strings"

// TieKind is how a mover chooses between actions worth the same to it.
type TieKind uint8

const (
	// TieSplit mixes evenly over the tied actions (the default): everyone
	// above sees the mixture's value, and the world follows one tied
	// action drawn from the node's stream.
	TieSplit TieKind = iota
	// TieFirst takes the tied action listed first in the scenario.
	TieFirst
	// TiePrefer takes the tied action named first in TieRule.Prefer and
	// splits evenly when no tied action has one of those names.
	TiePrefer
)

// TieRule is a scenario's rule for ties between best moves. YAML, at the
// top level: `ties: split` (the default), `ties: first`, or
// `ties: {prefer: NAME}` / `ties: {prefer: [NAME, ...]}`. Only game trees
// have ties between moves; the other forms choose between equilibria by
// their own solution or selection rule.
type TieRule struct {
	Kind   TieKind
	Prefer []string // with TiePrefer: action names that win ties, most preferred first
}

// IsDefault reports whether the rule is the default, splitting evenly.
func (r TieRule) IsDefault() bool { return r.Kind == TieSplit }

// String is the rule as the stamp and JSON give it: "split", "first" or
// "prefer accept" ("prefer accept, yes" for several names).
func (r TieRule) String() string {
	switch r.Kind {
	case TieFirst:
		return "first"
	case TiePrefer:
		return "prefer " + strings.Join(r.Prefer, ", ")
	}
	return "split"
}

package matrix

import "github.com/parley-dev/parley/sim/model"

// MatrixSpec is a game in strategic form: each player picks a strategy at
// once; payoffs are given per profile. Key paths start at model.matrix.
type MatrixSpec struct {
	Players    []string            // party ids in player order; empty means every party
	Strategies []NamedList         // per player, its strategies
	Payoffs    []ProfilePayoff     // per profile (any number of players)
	Bimatrix   []NamedMatrix       // two players: a matrix of expressions per player, rows = first player's strategies
	Selection  string              // logit (default), payoff-dominant, risk-dominant, uniform
	Outcomes   []model.OutcomeRule // classes of the played profile; the first that holds wins
}

// NamedList is a name with a list of names.
type NamedList struct {
	Name  string
	Items []string
}

// ProfilePayoff gives every player's payoff at one profile.
type ProfilePayoff struct {
	Profile []string // one strategy per player, in player order
	Payoff  []model.PayoffSpec
}

// NamedMatrix is one player's payoff matrix.
type NamedMatrix struct {
	Party string
	Rows  [][]string
}

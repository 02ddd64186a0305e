package model

// An Explanation is one world of a scenario solved step by step (parley
// explain). Exactly one of Tree, Issues and Matrix is set, by the
// scenario's form. It is plain data: the reports render it.
type Explanation struct {
	// Outcome is the index of the outcome the world reaches, or -1 when
	// it is drawn (a tree's chance events and split ties).
	Outcome int
	Tree    *NodeExplanation
	Issues  *IssuesExplanation
	Matrix  *MatrixExplanation
}

// MaxExplainedPackages bounds the packages an issues explanation lists:
// the agreed package and the runner-up always, then the others in
// enumeration order up to this many.
const MaxExplainedPackages = 500

// IssuesExplanation is one world of a multi-issue negotiation: every
// package's utilities, which packages form the zone of possible agreement
// and what excludes the others, and how the bargaining solution ranks
// the feasible ones.
type IssuesExplanation struct {
	Solution    string    // the bargaining solution: nash, kalai-smorodinsky, utilitarian or egalitarian
	Parties     []string  // every party: the order of BATNA, Power and a package's Utility
	Negotiators []string  // the parties who must agree
	Issues      []string  // the order of a package's Options
	BATNA       []float64 // per party: its walk-away value, its utility with no deal
	Power       []float64 // per party: its bargaining power (the Nash solution's weights; 1 when not given)
	Demands     []ItemExplanation
	Constraints []ItemExplanation
	Packages    []PackageExplanation // see MaxExplainedPackages
	Total       int                  // packages in all
	Feasible    int                  // packages in the zone of possible agreement
	Chosen      int                  // index in Packages of the agreed package; -1 with no deal
	RunnerUp    int                  // index in Packages of the best other feasible package; -1 if none
	// Blockers, with no deal: each demand or constraint whose removal
	// alone would leave a package feasible, named as the run's blockers
	// tally names it.
	Blockers []string
	// NoZOPA, with no deal: no package gives every negotiator its
	// walk-away value, whatever the demands and constraints.
	NoZOPA bool
	// OnlyTogether, with no deal: there are such packages, but no single
	// demand or constraint excludes them all; several do together.
	OnlyTogether bool
}

// ItemExplanation is a demand or a constraint of an issues model in one
// world.
type ItemExplanation struct {
	Name    string
	Party   string  // who makes the demand; whom the constraint binds
	Reason  string  // the scenario's reason, if given
	Hard    bool    // a constraint that forbids packages (otherwise it costs Party a utility)
	Firm    float64 // a demand: the probability that it is firm
	InForce bool    // this world: the demand is firm; the hard constraint binds (its unless: does not hold); a soft one always
	Dropped bool    // removed by a variant (drop:)
}

// PackageExplanation is one package (one option per issue) in one world.
type PackageExplanation struct {
	Label    string
	Options  []string  // per issue
	Utility  []float64 // per party, soft costs included
	Feasible bool      // in the zone of possible agreement
	// Score is the bargaining solution's score of a feasible package:
	// nash, the sum over negotiators of power × log(surplus), the log of
	// the weighted Nash product; kalai-smorodinsky, the least share of
	// its possible gain a negotiator gets; utilitarian, the total
	// surplus; egalitarian, the least surplus. NaN when not feasible.
	Score float64
	// Surplus is the negotiators' total utility above walking away, the
	// tie-break between equal scores.
	Surplus  float64
	Below    []string // negotiators for whom the package is worth less than walking away
	Violates []string // the firm demands it fails and the hard constraints in force that forbid it
}

// MatrixExplanation is one world of a strategic-form game: the payoff
// table with best responses, every equilibrium found, and why the
// selection rule chose the one played.
type MatrixExplanation struct {
	Players    []string     // party ids, in player order (the row player first)
	Strategies [][]string   // per player
	Cells      []MatrixCell // every profile, the first player's strategy changing fastest
	// Equilibria: with two players every extreme equilibrium, pure and
	// mixed; with more, the pure ones only.
	Equilibria []MatrixEquilibrium
	Mixed      bool   // whether mixed equilibria were searched for (two players)
	Selection  string // the rule the scenario names: logit, payoff-dominant, risk-dominant or uniform
	// DecidedBy is what chose the equilibrium: "only" (there was one),
	// the Selection, or "logit" when the rule named singled out none; a
	// logit fallback gives game.LogitLimit's method instead.
	DecidedBy string
	Note      string      // why logit tracing fell back, when it did
	Selected  int         // index in Equilibria of the one chosen; -1 when it is none of them (a logit fallback)
	Played    [][]float64 // the chosen equilibrium's probabilities, per player and strategy
	Payoffs   []float64   // its expected payoffs, per player
}

// MatrixCell is one profile of a payoff table.
type MatrixCell struct {
	Profile []int     // a strategy per player
	Payoffs []float64 // per player
	Best    []bool    // per player: its strategy is a best response to the others' in this profile
}

// MatrixEquilibrium is one equilibrium of a world's game.
type MatrixEquilibrium struct {
	Mix     [][]float64 // per player and strategy
	Payoffs []float64   // expected, per player
	Pure    bool
	// Risk, for a strict pure equilibrium of a 2×2 game, is the product
	// of the players' losses from deviating alone (the larger
	// risk-dominates); NaN otherwise.
	Risk float64
}

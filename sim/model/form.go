package model

import "github.com/parley-dev/parley/sim/game"

// A Form is one compiled game form of a scenario (a tree, a bargaining
// model, a strategic-form game): it knows how to solve one sampled world.
type Form interface {
	// Name is the form's key under model: in a scenario file ("tree").
	Name() string
	// Tallies are the form's own counts, kept by every run.
	Tallies() []TallySpec
	// Metrics names per-world numbers the form reports besides the
	// parties' payoffs (a deal's surplus, the size of the ZOPA); solvers
	// write them after the payoffs.
	Metrics() []string
	// Slots is how many value slots the form needs after the derived
	// values (a bargaining model keeps the package's issues there).
	Slots() int
	// NewSolver returns a solver with its own workspace. drop, indexed as
	// a Dropper's items, marks items removed by variants (may be nil).
	NewSolver(drop []bool) Solver
}

// A Solver solves worlds one at a time. It owns its workspace, so it is
// used by one goroutine and allocates nothing per world.
type Solver interface {
	// Solve solves world w: its outcome, payoffs, tally rows and ties.
	// Chance events and ties between best moves are drawn from w's
	// streams.
	Solve(w *World) error
	// OutcomeDist gives each outcome's probability in world w, with
	// chance events and ties weighted rather than drawn.
	OutcomeDist(w *World, dist []float64) error
}

// Optional capabilities. Code outside a form finds them by these
// interfaces, never by the form's type, so a new form gains a capability
// by implementing a method, and no analysis changes.
type (
	// An Explainer (Form) solves one world and returns every step of the
	// reasoning (parley explain). w is sized as for Solve and drop is
	// NewSolver's; with w.Iter negative (the median world) chance events
	// a form would draw may be settled by their likelier side.
	Explainer interface {
		Explain(w *World, drop []bool) (*Explanation, error)
	}
	// A GameMaker (Form) writes one world's strategic-form game (parley
	// solve and convert on a scenario).
	GameMaker interface {
		StrategicGame(x []float64) (*game.Strategic, error)
	}
	// A Dropper (Form) has items that variants may remove (drop:): the
	// bargaining model's demands and constraints. NewSolver's drop is
	// indexed by item.
	Dropper interface {
		Item(name string) int // -1 if there is none of that name
		ItemNames() []string
	}
	// An Expecter (Solver) gives the equilibrium's expected payoff to
	// each party in the world its OutcomeDist last solved (Sobol's payoff
	// targets).
	Expecter interface {
		Expected() []float64
	}
)

// TallySpec describes a form's own count kept by every run: which
// equilibrium path a world took, which package was agreed, which
// constraint blocked a deal.
type TallySpec struct {
	Name   string   `json:"name"`   // machine name, as in JSON ("paths")
	Title  string   `json:"title"`  // table title ("Equilibrium paths")
	Column string   `json:"column"` // header of the label column ("path")
	Labels []string `json:"labels"` // one per row
	Multi  bool     `json:"multi"`  // a world may count in several rows (otherwise in at most one)
}

// NodeExplanation is one node of an explained world: for a tree, a node
// of the game with its value to each party and the mover's best actions.
type NodeExplanation struct {
	Edge     string    // the action or chance branch leading here ("" at the root)
	Label    string    // the node's label, if any
	Kind     string    // "decision", "chance" or "end"
	Mover    string    // the party deciding, at a decision node
	Prob     float64   // the branch probability, when the parent is a chance node
	Values   []float64 // the subgame's value to each party (payoffs at an end)
	Best     []string  // at a decision node: the best actions (several on a tie split evenly)
	TiedWith []string  // at a decision node: actions worth as much to the mover that the tie rule set aside
	Outcome  string    // at an end
	OnPath   bool      // reached with positive probability in equilibrium
	Children []*NodeExplanation
}

// WithArticle names a form with its article, for messages: "a tree", "an
// issues" (model). A vowel sound takes "an".
func WithArticle(form string) string {
	if form != "" && (form[0] == 'a' || form[0] == 'e' || form[0] == 'i' || form[0] == 'o' || form[0] == 'u') {
		return "an " + form
	}
	return "a " + form
}

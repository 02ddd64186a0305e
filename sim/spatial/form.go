package spatial

import (
	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
)

// A Dimension is one issue dimension of a compiled spatial model, on a
// 0–100 scale whose ends Low and High describe.
type Dimension struct {
	ID, Label, Doc string
	Low, High      string
}

// actorForm is one actor's compiled inputs.
type actorForm struct {
	id, name, doc string
	party         int // the party it is, or -1
	capability    *calc.Expr
	capPath       string
	position      []*calc.Expr // per dimension
	posPath       []string
	salience      []*calc.Expr // per dimension, on 0–100
	salPath       []string
}

// form is a compiled spatial model: model.Form and model.Explainer.
type form struct {
	method     string
	bdm        BDMOptions
	smp        SMPOptions
	winTol     float64
	dims       []Dimension
	actors     []actorForm
	partyActor []int // per party, its actor
	rules      []model.Rule
	base       int // the first of the form's value slots
	parties    int
	outcomeIDs []string

	// slotNames name the form's value slots as outcome rules read them,
	// metrics the per-world numbers after the payoffs.
	slotNames, metrics []string
}

// The form's value slots, from base, hold what outcome rules read:
// forecast.DIM (the weighted median of the final positions) per
// dimension, forecast_mean.DIM per dimension, rounds, converged (1 or 0),
// then position.ACTOR.DIM, actor by actor.
func (f *form) slotMedian(d int) int { return d }
func (f *form) slotMean(d int) int   { return len(f.dims) + d }
func (f *form) slotRounds() int      { return 2 * len(f.dims) }
func (f *form) slotConverged() int   { return 2*len(f.dims) + 1 }
func (f *form) slotPosition(a, d int) int {
	return 2*len(f.dims) + 2 + a*len(f.dims) + d
}

// names fills slotNames and metrics. The metrics are the slots but
// converged, which the converged tally counts.
func (f *form) names() {
	k := len(f.dims)
	f.slotNames = make([]string, 2*k+2+len(f.actors)*k)
	for d, dim := range f.dims {
		f.slotNames[f.slotMedian(d)] = "forecast." + dim.ID
		f.slotNames[f.slotMean(d)] = "forecast_mean." + dim.ID
		for a, act := range f.actors {
			f.slotNames[f.slotPosition(a, d)] = "position." + act.id + "." + dim.ID
		}
	}
	f.slotNames[f.slotRounds()] = "rounds"
	f.slotNames[f.slotConverged()] = "converged"
	f.metrics = nil
	for i, n := range f.slotNames {
		if i != f.slotConverged() {
			f.metrics = append(f.metrics, n)
		}
	}
}

func (f *form) Name() string { return "spatial" }

func (f *form) Slots() int { return len(f.slotNames) }

func (f *form) Metrics() []string { return f.metrics }

// Tally rows.
const (
	tallyWinners = iota
	tallyConverged
)

func (f *form) Tallies() []model.TallySpec {
	var winners []string
	for _, a := range f.actors {
		winners = append(winners, a.id)
	}
	return []model.TallySpec{
		{Name: "winners", Title: "Who wins: the forecast within the win tolerance of the actor's position on every dimension", Column: "actor", Labels: winners, Multi: true},
		{Name: "converged", Title: "Runs that converged", Column: "run", Labels: []string{"converged", "stopped at the round limit"}},
	}
}

func (f *form) NewSolver([]bool) model.Solver {
	n, k := len(f.actors), len(f.dims)
	s := &solver{f: f, actors: make([]Actor, n), ideal: make([]float64, n*k), sal: make([]float64, n*k)}
	for a := range s.actors {
		s.actors[a] = Actor{Name: f.actors[a].id, Position: make([]float64, k), Salience: make([]float64, k)}
	}
	return s
}

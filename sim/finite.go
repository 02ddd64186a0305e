package sim

import (
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/parley-dev/parley/sim/model"
)

// Non-finite values. Any NaN or ±Inf produced while solving a world — in
// a derived value, a probability, a condition, a utility, a payoff —
// stops the run with a *WorldError naming the iteration, the expression
// (with the operation's offset in it) and the world's values: a NaN
// compared with anything is false, so it would otherwise take a branch
// silently, and an exact sum has no place for it.

// derive computes the world's derived values in order.
func (s *Scenario) derive(x []float64) error {
	for j := range s.Derived {
		d := &s.Derived[j]
		v, f := d.Expr.Run(x)
		if f.Failed() {
			// The values so far: the derived values after this one are
			// not computed yet.
			we := model.ExprFault(d.Expr, "derived."+d.Name, f, v)
			for i, p := range s.Params {
				we.Values = append(we.Values, NamedValue{Name: p.Name, Value: x[i]})
			}
			for _, e := range s.Derived[:j] {
				we.Values = append(we.Values, NamedValue{Name: e.Name, Value: x[e.slot]})
			}
			return we
		}
		x[d.slot] = v
	}
	return nil
}

// nonFinitePayoff is the error for a column of a world's payoffs (a
// party's payoff, or a model metric after them) that is NaN or ±Inf.
func nonFinitePayoff(s *Scenario, p int, v float64) error {
	if p < len(s.Parties) {
		return &WorldError{Path: "parties." + s.Parties[p].ID, Msg: fmt.Sprintf("the payoff of %s is %v", s.Parties[p].ID, v)}
	}
	name := s.Metrics()[p-len(s.Parties)]
	return &WorldError{Path: "model", Msg: fmt.Sprintf("the %s of the world is %v", name, v)}
}

// CentreWorlds is how many worlds every run solves before its first
// chunk, to fix the centres of its quantile sketches (sketchShifts).
const CentreWorlds = 63

const shiftWorlds = CentreWorlds

// sketchShifts returns the centres of the quantile sketches: per payoff
// and metric, the median of its values in worlds 0..62 of the run's seed,
// solved before the run on a solver of their own. They depend on the
// scenario and the seed only, so every worker and shard of a run uses the
// same ones; and a median of sampled worlds sits among the typical values
// (one world, such as the median world, may take a rare branch far from
// them). Worlds that fail are skipped (the run reports them); only the
// sketches' resolution depends on the centres.
func (s *Scenario) sketchShifts(seed uint64, stop *atomic.Bool) []float64 {
	cols := s.columns()
	shifts := make([]float64, cols)
	wv := s.newWorld(seed, stop)
	w := &wv
	sv := s.form.NewSolver(s.drop)
	vals := make([][]float64, cols)
	for it := range int64(shiftWorlds) {
		if stop.Load() {
			break
		}
		w.Iter = it
		for j := range s.Params {
			w.X[j] = s.Params[j].dist.sample(w.Uniform(s.Params[j].key))
		}
		for t := range w.Flags {
			w.Picks[t] = -1
			clear(w.Flags[t])
		}
		if s.derive(w.X) != nil || sv.Solve(w) != nil {
			continue
		}
		for p, v := range w.Payoff {
			if math.Abs(v) <= 0x1p1000 { // far from overflow when values are measured from it
				vals[p] = append(vals[p], v)
			}
		}
	}
	for p, v := range vals {
		if len(v) > 0 {
			slices.Sort(v)
			shifts[p] = v[len(v)/2]
		}
	}
	return shifts
}

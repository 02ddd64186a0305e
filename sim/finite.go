package sim

import (
	"fmt"
	"math"
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
		v, f := d.Expr.run(x)
		if f.pc != 0 {
			// The values so far: the derived values after this one are
			// not computed yet.
			we := d.Expr.faultAt("derived."+d.Name, f, v)
			for i, p := range s.Params {
				we.Values = append(we.Values, NamedValue{p.Name, x[i]})
			}
			for _, e := range s.Derived[:j] {
				we.Values = append(we.Values, NamedValue{e.Name, x[e.slot]})
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

// sketchShifts solves the median world (every parameter at its median,
// iteration 0 of seed 0) and returns its payoffs and metrics: the centres
// of the quantile sketches. They depend on the scenario only, so every
// worker and shard of a run uses the same ones. A world that fails leaves
// the centres at 0: only the sketches' resolution depends on them.
func (s *Scenario) sketchShifts() []float64 {
	shifts := make([]float64, s.columns())
	w := &world{x: s.medianWorld(), payoff: make([]float64, s.columns())}
	for _, t := range s.Tallies() {
		w.picks = append(w.picks, -1)
		var f []bool
		if t.Multi {
			f = make([]bool, len(t.Labels))
		}
		w.flags = append(w.flags, f)
	}
	if s.derive(w.x) != nil || s.model.newSolver(s.drop).solve(w) != nil {
		return shifts
	}
	for p, v := range w.payoff {
		if math.Abs(v) <= 0x1p1000 { // far from overflow when values are measured from it
			shifts[p] = v
		}
	}
	return shifts
}

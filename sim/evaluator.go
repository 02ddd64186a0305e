package sim

import "github.com/parley-dev/parley/sim/model"

// An Evaluator solves single worlds at values the caller chooses, with
// chance events and ties weighted rather than drawn: the outcome
// probabilities are a deterministic function of the values. Analyses that
// probe the model (tipping values, Sobol indices) use it. An Evaluator is
// used by one goroutine.
type Evaluator struct {
	s    *Scenario
	sv   model.Solver
	w    model.World
	dist []float64
}

// NewEvaluator returns an evaluator of s (with its variants applied).
func (s *Scenario) NewEvaluator() *Evaluator {
	return &Evaluator{s: s, sv: s.form.NewSolver(s.drop), w: s.newWorld(0, nil), dist: make([]float64, len(s.Outcomes))}
}

// OutcomeDist computes the derived values into x (WorldLen values, the
// parameters first) and returns each outcome's probability in that world.
// The slice returned is reused by the next call.
func (e *Evaluator) OutcomeDist(x []float64) ([]float64, error) {
	if err := e.s.derive(x); err != nil {
		return nil, err
	}
	e.w.X = x
	if err := e.sv.OutcomeDist(&e.w, e.dist); err != nil {
		return nil, err
	}
	return e.dist, nil
}

// Expected is each party's expected payoff in the world last solved, or
// nil when the form does not give it (see model.Expecter).
func (e *Evaluator) Expected() []float64 {
	if ex, ok := e.sv.(model.Expecter); ok {
		return ex.Expected()
	}
	return nil
}

// Expects reports whether the form gives expected payoffs (Expected).
func (e *Evaluator) Expects() bool {
	_, ok := e.sv.(model.Expecter)
	return ok
}

// WorldLen is the length of a world's value vector: the parameters, the
// derived values and the form's own slots.
func (s *Scenario) WorldLen() int { return s.worldSlots() }

// MedianWorld is a world's values with every parameter at its median
// (derived values not yet computed).
func (s *Scenario) MedianWorld() []float64 {
	x := make([]float64, s.worldSlots())
	for j, p := range s.Params {
		x[j] = p.dist.median()
	}
	return x
}

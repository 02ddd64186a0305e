package issues

import "github.com/parley-dev/parley/sim/calc"

// worldProg evaluates every expression the fast scorer reads once per
// world (walk-away values, powers, weights, the option values that are
// not constants, and the expressions of the world alone) as one
// straight-line register program (calc.Program) rather than one stack
// machine per expression: the same values to the bit. The program does
// not say which expression faulted, only that a value was not finite;
// then the solver evaluates them one by one as before, which gives up
// to score's loop or names the fault exactly as without the program.
type worldProg struct {
	prog    *calc.Program
	nin     int   // input slots: the world's values, x[:nin]
	batna   []int // per party: register, or -1 (no expression: 0)
	power   []int // per party: register, or -1 (no expression: 1)
	weights []int // per fastPlan.weights
	terms   []int // per fastPlan.terms: register of its value, or -1
	world   []int // per fastPlan.world
}

// buildProg compiles pl's per-world expressions; nil when one of them
// reads the package, which only the loop can evaluate.
func (b *bargain) buildProg(pl *fastPlan) *worldProg {
	pb := calc.NewProgramBuilder(b.base)
	ok := true
	add := func(e *calc.Expr) int {
		if e == nil {
			return -1
		}
		for _, v := range e.Vars() {
			if v >= b.base {
				ok = false
			}
		}
		return pb.Result(e)
	}
	wp := &worldProg{nin: b.base}
	for p := range b.parties {
		wp.batna = append(wp.batna, add(b.batna[p]))
		wp.power = append(wp.power, add(b.power[p]))
	}
	for _, e := range pl.weights {
		wp.weights = append(wp.weights, add(e))
	}
	for _, t := range pl.terms {
		wp.terms = append(wp.terms, add(t.v))
	}
	for _, e := range pl.world {
		wp.world = append(wp.world, add(e.E))
	}
	if !ok {
		return nil
	}
	wp.prog = pb.Build()
	return wp
}

// runProg is worldTermsFast and the evaluation of the plan's world
// expressions by the program; ok is false when some value was not
// finite, or a product or power is out of bounds, and the expressions
// must be evaluated one by one. On success it sets worldReady.
func (s *bargainSolver) runProg(x []float64) (ok bool) {
	wp, pl, r := s.plan.prog, s.plan, s.regs
	copy(r[:wp.nin], x[:wp.nin])
	if !wp.prog.Run(r) {
		return false
	}
	for p := range s.b.parties {
		s.batna[p] = 0
		if j := wp.batna[p]; j >= 0 {
			s.batna[p] = r[j]
		}
		s.power[p] = 1
		if j := wp.power[p]; j >= 0 {
			if s.power[p] = r[j]; !(s.power[p] > 0) {
				return false
			}
		}
	}
	for j, reg := range wp.weights {
		s.weightVals[j] = r[reg]
	}
	for j := range pl.terms {
		t := &pl.terms[j]
		wt, v := t.wk, t.vk
		if t.w >= 0 {
			wt = s.weightVals[t.w]
		}
		if reg := wp.terms[j]; reg >= 0 {
			v = r[reg]
		}
		val := wt * v
		if val-val != 0 {
			return false
		}
		s.val[t.p][t.i][t.o] = val
	}
	for j, reg := range wp.world {
		s.worldVals[j] = r[reg]
	}
	s.worldReady = true
	return true
}

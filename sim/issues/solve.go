package issues

import (
	"fmt"
	"math"

	"github.com/parley-dev/parley/sim/model"
)

// bargainSolver scores every package in a world. It owns its buffers.
type bargainSolver struct {
	b        *bargain
	drop     []bool      // demands then constraints removed by the scenario's variants
	u        [][]float64 // party → package → utility, soft costs included
	ubase    [][]float64 // party → package → utility before soft costs
	val      [][][]float64
	batna    []float64
	power    []float64
	firmP    []float64
	firm     []bool
	active   []bool      // hard constraints in force in this world
	softOn   [][]bool    // constraint → package: the soft cost applies
	softCost [][]float64 // constraint → package: what it costs in this world
	viol     []uint64    // package → bit per demand/hard constraint violated
	ir       []bool      // package → every negotiator at least its walk-away value
	feasible []bool

	plan       *fastPlan // nil: score's loop only
	worldVals  []float64 // the plan's expressions of the world alone, this world
	weightVals []float64 // the plan's weights, this world
	softStale  bool      // score's loop ran since markSoft
	scratch    []float64 // per package: sumIssues' other buffer
	regs       []float64 // the plan's program's registers
	worldReady bool      // the program set worldVals for this world
	exactNash  bool      // tests: take every Nash score's logs (see nashBound)

	// The flags above are written every world; the next worker's solver
	// may be allocated right after this one, so a cache line's worth of
	// room keeps its writes off this line.
	_ [64]byte
}

func (b *bargain) NewSolver(drop []bool) model.Solver {
	return b.newBargainSolver(drop)
}

func (b *bargain) newBargainSolver(drop []bool) *bargainSolver {
	s := b.newLoopSolver(drop)
	s.initFast()
	return s
}

// newLoopSolver is a solver that scores with score's package loop only.
func (b *bargain) newLoopSolver(drop []bool) *bargainSolver {
	K, P := b.packages, b.parties
	s := &bargainSolver{b: b, drop: drop, batna: model.Padded[float64](P), power: model.Padded[float64](P),
		firmP: model.Padded[float64](len(b.demands)), firm: model.Padded[bool](len(b.demands)),
		active: model.Padded[bool](len(b.constraints)), viol: model.Padded[uint64](K), ir: model.Padded[bool](K),
		feasible: model.Padded[bool](K)}
	if s.drop == nil {
		s.drop = make([]bool, len(b.demands)+len(b.constraints))
	}
	for range P {
		s.u = append(s.u, model.Padded[float64](K))
		s.ubase = append(s.ubase, model.Padded[float64](K))
	}
	s.val = make([][][]float64, P)
	for p := range P {
		s.val[p] = make([][]float64, len(b.issues))
		for i, is := range b.issues {
			s.val[p][i] = model.Padded[float64](len(is.options))
		}
	}
	for range b.constraints {
		s.softOn = append(s.softOn, model.Padded[bool](K))
		s.softCost = append(s.softCost, model.Padded[float64](K))
	}
	return s
}

// item finds a demand or constraint by name: demands first, then
// constraints, as in the drop and blocker lists; -1 if none.
func (b *bargain) Item(name string) int {
	for i, n := range b.ItemNames() {
		if n == name {
			return i
		}
	}
	return -1
}

func (b *bargain) ItemNames() []string {
	var n []string
	for _, d := range b.demands {
		n = append(n, d.name)
	}
	for _, c := range b.constraints {
		n = append(n, c.name)
	}
	return n
}

// nItems is the number of demands and constraints (the blockers that
// can be removed one at a time).
func (b *bargain) nItems() int { return len(b.demands) + len(b.constraints) }

// surplusTol absorbs rounding when a package is worth exactly a party's
// walk-away value.
const surplusTol = 1e-9

// score evaluates the world except the demands' firmness, which the caller
// sets; it fills u, ir, viol and feasible, and returns the chosen package
// (or -1) and the number of feasible packages.
func (s *bargainSolver) score(w *model.World) (int, int, error) {
	b := s.b
	x := w.X
	const root = "model.issues"
	if s.plan == nil || !s.worldTermsFast(x) {
		if err := s.worldTerms(x); err != nil {
			return -1, 0, err
		}
	}
	if err := s.hardInForce(x); err != nil {
		return -1, 0, err
	}
	if s.plan != nil {
		if k, zopa, ok := s.scoreFast(x); ok {
			return k, zopa, nil
		}
		s.softStale = true
	}
	var err error
	nd := len(b.demands)
	for k := range b.packages {
		copy(x[b.base:], b.vals[k])
		for p := range b.parties {
			pu := &b.utility[p]
			var u float64
			switch {
			case pu.expr != nil:
				if u, err = pu.expr.Eval(k, x); err != nil {
					return -1, 0, err
				}
			case pu.set:
				for i, o := range b.opts[k] {
					u += s.val[p][i][o]
					if pu.rangeV[i] != nil {
						wt := 1.0
						if pu.weights[i] != nil {
							if wt, err = evalAt(pu.weights[i], x, func() string { return b.weightPath(p, i) }); err != nil {
								return -1, 0, err
							}
						}
						rv, err := pu.rangeV[i].Eval(k, x)
						if err != nil {
							return -1, 0, err
						}
						u += wt * rv
					}
				}
			}
			if u-u != 0 { // finite terms whose sum overflows
				return -1, 0, &model.WorldError{Path: root + ".utility." + b.partyIDs[p], Msg: fmt.Sprintf("the utility of package %s is %v", b.labels[k], u)}
			}
			s.ubase[p][k], s.u[p][k] = u, u
		}
		for c := range b.constraints {
			ct := &b.constraints[c]
			s.softOn[c][k], s.softCost[c][k] = false, 0
			if ct.hard || s.drop[nd+c] {
				continue
			}
			on, err := ct.when.Eval(k, x)
			if err != nil {
				return -1, 0, err
			}
			if on != 0 {
				cost, err := ct.cost.Eval(k, x)
				if err != nil {
					return -1, 0, err
				}
				s.softOn[c][k], s.softCost[c][k] = true, cost
				if s.u[ct.party][k] -= cost; s.u[ct.party][k]-s.u[ct.party][k] != 0 {
					return -1, 0, &model.WorldError{Path: ct.cost.Path, Msg: fmt.Sprintf("the utility of %s at package %s less the cost %v is %v", b.partyIDs[ct.party], b.labels[k], cost, s.u[ct.party][k])}
				}
			}
		}
		var viol uint64
		for d := range b.demands {
			if s.firm[d] && !s.drop[d] {
				v, err := b.demands[d].require.Eval(k, x)
				if err != nil {
					return -1, 0, err
				}
				if v == 0 {
					viol |= 1 << min(d, 63)
				}
			}
		}
		for c := range b.constraints {
			if s.active[c] {
				v, err := b.constraints[c].forbid.Eval(k, x)
				if err != nil {
					return -1, 0, err
				}
				if v != 0 {
					viol |= 1 << min(nd+c, 63)
				}
			}
		}
		s.viol[k] = viol
		s.ir[k] = s.rational(k)
		s.feasible[k] = s.ir[k] && viol == 0
	}
	k, zopa := s.choose()
	return k, zopa, nil
}

// rational reports whether package k gives every negotiator at least its
// walk-away value (individual rationality).
func (s *bargainSolver) rational(k int) bool {
	for _, p := range s.b.negotiators {
		if s.u[p][k] < s.batna[p]-surplusTol {
			return false
		}
	}
	return true
}

// worldTerms evaluates this world's walk-away values, bargaining powers
// and, for the utilities given as weights and values, each option's
// weighted value.
func (s *bargainSolver) worldTerms(x []float64) error {
	b := s.b
	const root = "model.issues"
	var err error
	for p := range b.parties {
		s.batna[p] = 0
		if b.batna[p] != nil {
			if s.batna[p], err = evalAt(b.batna[p], x, func() string { return root + ".batna." + b.partyIDs[p] }); err != nil {
				return err
			}
		}
		s.power[p] = 1
		if b.power[p] != nil {
			if s.power[p], err = evalAt(b.power[p], x, func() string { return root + ".power." + b.partyIDs[p] }); err != nil {
				return err
			}
			if !(s.power[p] > 0) { // a power of 0 would weigh log(0) = -Inf as 0 · -Inf = NaN
				return &model.WorldError{Path: root + ".power." + b.partyIDs[p], Msg: fmt.Sprintf("bargaining power must be > 0, found %v", s.power[p])}
			}
		}
		pu := &b.utility[p]
		if pu.expr != nil || !pu.set {
			continue
		}
		for i := range b.issues {
			wt := 1.0
			if pu.weights[i] != nil {
				if wt, err = evalAt(pu.weights[i], x, func() string { return b.weightPath(p, i) }); err != nil {
					return err
				}
			}
			for o := range s.val[p][i] {
				v := 0.0
				if pu.values[i] != nil && pu.values[i][o] != nil {
					if v, err = evalAt(pu.values[i][o], x, func() string {
						return root + ".utility." + b.partyIDs[p] + ".values." + b.issues[i].name + "." + b.issues[i].options[o]
					}); err != nil {
						return err
					}
				}
				if s.val[p][i][o] = wt * v; s.val[p][i][o]-s.val[p][i][o] != 0 {
					return &model.WorldError{Path: b.weightPath(p, i), Msg: fmt.Sprintf("weight %v times value %v of option %s is %v", wt, v, b.issues[i].options[o], wt*v)}
				}
			}
		}
	}
	return nil
}

// hardInForce sets which hard constraints bind in this world: those not
// dropped whose unless: does not hold.
func (s *bargainSolver) hardInForce(x []float64) error {
	b := s.b
	const root = "model.issues"
	for c, ct := range b.constraints {
		s.active[c] = !s.drop[len(b.demands)+c] && ct.hard
		if s.active[c] && ct.unless != nil {
			v, err := evalAt(ct.unless, x, func() string { return root + ".constraints." + ct.name + ".unless" })
			if err != nil {
				return err
			}
			s.active[c] = v == 0
		}
	}
	return nil
}

func (b *bargain) weightPath(p, i int) string {
	return "model.issues.utility." + b.partyIDs[p] + ".weights." + b.issues[i].name
}

// choose applies the bargaining solution to the feasible packages. Ties
// go to the larger total surplus, then to the first package: so the
// choice is never Pareto-dominated by another feasible package.
func (s *bargainSolver) choose() (int, int) {
	b := s.b
	best, zopa := -1, 0
	var bestScore, bestSum float64
	ideal := s.idealPoint()
	for k := range b.packages {
		if !s.feasible[k] {
			continue
		}
		zopa++
		sc, sum := s.packageScore(k, ideal)
		if best < 0 || better(sc, sum, bestScore, bestSum) {
			best, bestScore, bestSum = k, sc, sum
		}
	}
	return best, zopa
}

// packageScore is the bargaining solution's score of feasible package k
// and the negotiators' total surplus (the tie-break); ideal is
// idealPoint's answer.
func (s *bargainSolver) packageScore(k int, ideal []float64) (sc, sum float64) {
	b := s.b
	switch b.solution {
	case SolutionNash:
		for _, p := range b.negotiators {
			sur := math.Max(0, s.u[p][k]-s.batna[p])
			sc += s.power[p] * math.Log(sur)
			sum += sur
		}
	case SolutionKS:
		sc = math.Inf(1)
		for _, p := range b.negotiators {
			sur := math.Max(0, s.u[p][k]-s.batna[p])
			span := ideal[p] - s.batna[p]
			g := 1.0
			if span > surplusTol {
				g = sur / span
			}
			sc = math.Min(sc, g)
			sum += sur
		}
	case SolutionUtilitarian:
		for _, p := range b.negotiators {
			sum += s.u[p][k] - s.batna[p]
		}
		sc = sum
	case SolutionEgalitarian:
		sc = math.Inf(1)
		for _, p := range b.negotiators {
			sur := s.u[p][k] - s.batna[p]
			sc = math.Min(sc, sur)
			sum += sur
		}
	}
	return sc, sum
}

// better compares a package's score and total surplus with the best so
// far: a higher score wins; within rounding, the larger total surplus.
func better(sc, sum, bestSc, bestSum float64) bool {
	if math.IsInf(sc, 0) || math.IsInf(bestSc, 0) {
		if sc != bestSc {
			return sc > bestSc
		}
	} else if tol := 1e-12 * math.Max(1, math.Abs(bestSc)); sc > bestSc+tol {
		return true
	} else if sc < bestSc-tol {
		return false
	}
	return sum > bestSum+1e-12*math.Max(1, math.Abs(bestSum))
}

// idealPoint is each negotiator's best utility over the feasible set
// (Kalai–Smorodinsky's reference point); it reuses the batna buffer's
// neighbour to stay allocation-free.
func (s *bargainSolver) idealPoint() []float64 {
	if s.b.solution != SolutionKS {
		return nil
	}
	ideal := s.power // power is unused by Kalai–Smorodinsky
	for p := range ideal {
		ideal[p] = math.Inf(-1)
	}
	for k := range s.b.packages {
		if s.feasible[k] {
			for _, p := range s.b.negotiators {
				ideal[p] = math.Max(ideal[p], s.u[p][k])
			}
		}
	}
	return ideal
}

func (s *bargainSolver) Solve(w *model.World) error {
	b := s.b
	for d := range b.demands {
		var err error
		if s.firmP[d], err = evalAt(b.demands[d].firm, w.X, func() string { return "model.issues.demands." + b.demands[d].name + ".firm" }); err != nil {
			return err
		}
		if !(s.firmP[d] >= 0 && s.firmP[d] <= 1) {
			return &model.WorldError{Path: "model.issues.demands." + b.demands[d].name + ".firm", Msg: fmt.Sprintf("firm is %v, not a probability", s.firmP[d])}
		}
		s.firm[d] = w.Uniform(b.demands[d].key) < s.firmP[d]
	}
	k, zopa, err := s.score(w)
	if err != nil {
		return err
	}
	return s.record(w, k, zopa)
}

// record writes the world's outcome, payoffs, metrics and tallies.
func (s *bargainSolver) record(w *model.World, k, zopa int) error {
	b := s.b
	P := b.parties
	for p := range P {
		switch {
		case k >= 0 && b.utility[p].set:
			w.Payoff[p] = s.u[p][k]
		default:
			w.Payoff[p] = s.batna[p]
		}
		if math.IsNaN(w.Payoff[p]) || math.IsInf(w.Payoff[p], 0) {
			return &model.WorldError{Path: "model.issues.utility." + b.partyIDs[p], Msg: fmt.Sprintf("the utility is %v", w.Payoff[p])}
		}
	}
	for i, p := range b.negotiators {
		w.Payoff[P+i] = 0
		if k >= 0 {
			w.Payoff[P+i] = s.u[p][k] - s.batna[p]
			if v := w.Payoff[P+i]; v-v != 0 {
				return &model.WorldError{Path: "model.issues.batna." + b.partyIDs[p], Msg: fmt.Sprintf("the surplus of %s, utility %v less walk-away value %v, is %v", b.partyIDs[p], s.u[p][k], s.batna[p], v)}
			}
		}
	}
	w.Payoff[P+len(b.negotiators)] = float64(zopa)
	w.Picks[0] = k
	if k < 0 {
		w.Outcome = b.noDeal
		s.blockers(w.Flags[1])
		return nil
	}
	copy(w.X[b.base:], b.vals[k])
	var err error
	if w.Outcome, err = model.Classify(b.rules, k, w.X); err != nil || w.Outcome >= 0 {
		return err
	}
	return &model.WorldError{Path: "model.issues.deal", Msg: fmt.Sprintf("no deal rule matches the agreed package %s", b.labels[k])}
}

// blockers marks, in a world with no deal, each demand or constraint
// whose removal alone would leave some package feasible, and whether the
// zone of possible agreement was empty on utilities alone.
func (s *bargainSolver) blockers(flags []bool) {
	b := s.b
	nd, n := len(b.demands), b.nItems()
	zopa := false
	for k := range b.packages {
		ok := true
		for _, p := range b.negotiators {
			if s.ubase[p][k] < s.batna[p]-surplusTol {
				ok = false
				break
			}
		}
		if ok {
			zopa = true
			break
		}
	}
	// A demand or hard constraint blocks when a rational package violates
	// it and nothing else: alone collects those packages' violations (all
	// items for a package violating none).
	var alone uint64
	for k, v := range s.viol[:b.packages] {
		if s.ir[k] {
			if v&(v-1) == 0 {
				alone |= v
			}
			if v == 0 {
				alone = ^uint64(0)
			}
		}
	}
	any := false
	for item := range n {
		bit := uint64(1) << min(item, 63)
		if item < nd || b.constraints[item-nd].hard {
			if alone&bit != 0 {
				flags[item] = true
				any = true
			}
			continue
		}
		for k := range b.packages {
			if !s.softOn[item-nd][k] {
				continue // removing this cost changes nothing here
			}
			if s.viol[k]&^bit == 0 && s.irWithout(k, item-nd) {
				flags[item] = true
				any = true
				break
			}
		}
	}
	flags[n] = !zopa
	flags[n+1] = zopa && !any
}

// irWithout reports whether package k would be individually rational
// without soft constraint c's cost.
func (s *bargainSolver) irWithout(k, c int) bool {
	b := s.b
	for _, p := range b.negotiators {
		u := s.u[p][k]
		if p == b.constraints[c].party {
			u += s.softCost[c][k]
		}
		if u < s.batna[p]-surplusTol {
			return false
		}
	}
	return true
}

func (s *bargainSolver) OutcomeDist(w *model.World, dist []float64) error {
	b := s.b
	clear(dist)
	var uncertain []int
	for d := range b.demands {
		var err error
		if s.firmP[d], err = evalAt(b.demands[d].firm, w.X, func() string { return "model.issues.demands." + b.demands[d].name + ".firm" }); err != nil {
			return err
		}
		if s.firmP[d] > 0 && s.firmP[d] < 1 {
			uncertain = append(uncertain, d)
		}
		s.firm[d] = s.firmP[d] >= 1
	}
	if len(uncertain) > 12 {
		uncertain = uncertain[:12] // beyond this the rest count as firm when p ≥ 0.5
	}
	for mask := 0; mask < 1<<len(uncertain); mask++ {
		pr := 1.0
		for j, d := range uncertain {
			s.firm[d] = mask&(1<<j) != 0
			if s.firm[d] {
				pr *= s.firmP[d]
			} else {
				pr *= 1 - s.firmP[d]
			}
		}
		k, zopa, err := s.score(w)
		if err != nil {
			return err
		}
		if err := s.record(w, k, zopa); err != nil {
			return err
		}
		dist[w.Outcome] += pr
	}
	return nil
}

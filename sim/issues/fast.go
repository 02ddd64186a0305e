package issues

import (
	"math"
	"slices"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
)

// The fast scorer fills the same workspace as score's package loop, with
// the same values to the bit, but does per world what the loop does per
// package: the package-only expressions (tabulated at load) are folded
// into per-package bit masks and lists once, an expression of the world
// alone is evaluated once, and additive utilities are summed issue by
// issue over the package space's prefixes (packages are listed with the
// last issue fastest, so a package's sum is its prefix's sum plus one
// more value, added in the same order as the loop adds them).
//
// It reports no faults. Whenever a value it computes is not finite it
// gives up, and score runs the package loop, which stops at the first
// fault in its own order and names it; an expression of the world alone
// that faults where the loop would not have evaluated it (a cost whose
// condition never holds) only costs that fallback.

// caseKind says how the fast scorer reads a package expression.
type caseKind uint8

const (
	caseTable caseKind = iota // tabulated over the packages
	caseWorld                 // reads no issue: one value per world
)

// fastPlan is the fast scorer's view of a model, built once per model;
// nil when some expression reads both the package and the world, or an
// additive utility has a per-package term (an issue's value given as an
// expression): the loop evaluates those per package.
type fastPlan struct {
	utility []utilityPlan // per party
	// viol holds, per package, the bit (as in score's viol) of every
	// demand whose tabulated require: fails and every hard constraint
	// whose tabulated forbid: holds there.
	viol []uint64
	// world lists the expressions of the world alone, evaluated once per
	// world into the solver's worldVals; the items below index it.
	world   []*model.CaseExpr
	require []int // per demand: index into world, or -1 when tabulated
	forbid  []int // per constraint: index into world, or -1 (tabulated or soft)
	soft    []softPlan
	// terms are the additive utilities' option values that change from
	// world to world (the others are filled in once per solver), and
	// weights the weights they read.
	terms   []valueTerm
	static  []valueTerm // constant weight and value, with a finite product
	weights []*calc.Expr
	nash    bool // the solution is Nash's: chosen in the package pass
	// unchecked are the parties that do not negotiate and whose
	// utilities may overflow (sums of values, or less soft costs).
	unchecked []int
	// prog evaluates the expressions read once per world in one pass;
	// nil when one of them reads the package.
	prog *worldProg
}

// valueTerm is party p's value of option o of issue i: weight number w
// (-1: the constant wk) times the value v (nil: the constant vk).
type valueTerm struct {
	p, i, o int
	w       int
	wk      float64
	v       *calc.Expr
	vk      float64
}

// utilityPlan is one party's utility as the fast scorer reads it.
type utilityPlan struct {
	kind  utilKind
	table []float64 // utilTable
	world int       // utilWorld: index into fastPlan.world
}

type utilKind uint8

const (
	utilNone     utilKind = iota // no utility: 0 for every package
	utilAdditive                 // values per option, no per-package expression
	utilTable                    // an expression of the package alone
	utilWorld                    // an expression of the world alone
)

// softPlan is a soft constraint as the fast scorer reads it.
type softPlan struct {
	when    caseKind
	on      []int32 // when caseTable: the packages where when: holds
	whenW   int     // when caseWorld: index into fastPlan.world
	cost    caseKind
	costTab []float64 // cost caseTable
	costW   int       // cost caseWorld: index into fastPlan.world
}

// fastPlan builds the model's plan once; nil when the fast scorer cannot
// score it.
func (b *bargain) fastPlan() *fastPlan {
	b.planOnce.Do(func() { b.plan = b.buildPlan() })
	return b.plan
}

// classify says how the fast scorer can read e; ok is false when e reads
// both the package and the world, or is missing.
func (b *bargain) classify(e *model.CaseExpr) (kind caseKind, ok bool) {
	if e == nil || e.E == nil {
		return 0, false
	}
	if e.Table != nil {
		return caseTable, true
	}
	for _, v := range e.E.Vars() {
		if v >= b.base {
			return 0, false
		}
	}
	return caseWorld, true
}

func (b *bargain) buildPlan() *fastPlan {
	K := b.packages
	pl := &fastPlan{viol: make([]uint64, K), nash: b.solution == SolutionNash}
	world := func(e *model.CaseExpr) int {
		pl.world = append(pl.world, e)
		return len(pl.world) - 1
	}
	for p := range b.parties {
		pu := &b.utility[p]
		var up utilityPlan
		switch {
		case pu.expr != nil:
			kind, ok := b.classify(pu.expr)
			if !ok {
				return nil
			}
			if kind == caseTable {
				up.kind, up.table = utilTable, pu.expr.Table
			} else {
				up.kind, up.world = utilWorld, world(pu.expr)
			}
		case pu.set:
			for _, rv := range pu.rangeV {
				if rv != nil { // per package, weighted: left to the loop
					return nil
				}
			}
			up.kind = utilAdditive
			pl.additiveTerms(b, p)
		}
		pl.utility = append(pl.utility, up)
	}
	isNeg := make([]bool, b.parties)
	for _, p := range b.negotiators {
		isNeg[p] = true
	}
	for p, up := range pl.utility {
		costly := slices.ContainsFunc(b.constraints, func(ct constraint) bool { return !ct.hard && ct.party == p })
		if !isNeg[p] && (up.kind == utilAdditive || costly) {
			pl.unchecked = append(pl.unchecked, p)
		}
	}
	nd := len(b.demands)
	for d, dm := range b.demands {
		kind, ok := b.classify(dm.require)
		if !ok {
			return nil
		}
		if kind == caseWorld {
			pl.require = append(pl.require, world(dm.require))
			continue
		}
		pl.require = append(pl.require, -1)
		for k, v := range dm.require.Table {
			if v == 0 {
				pl.viol[k] |= 1 << min(d, 63)
			}
		}
	}
	for c := range b.constraints {
		ct := &b.constraints[c]
		pl.forbid = append(pl.forbid, -1)
		pl.soft = append(pl.soft, softPlan{})
		if ct.hard {
			kind, ok := b.classify(ct.forbid)
			if !ok {
				return nil
			}
			if kind == caseWorld {
				pl.forbid[c] = world(ct.forbid)
				continue
			}
			for k, v := range ct.forbid.Table {
				if v != 0 {
					pl.viol[k] |= 1 << min(nd+c, 63)
				}
			}
			continue
		}
		sp := &pl.soft[c]
		var ok bool
		if sp.when, ok = b.classify(ct.when); !ok {
			return nil
		}
		if sp.when == caseTable {
			for k, v := range ct.when.Table {
				if v != 0 {
					sp.on = append(sp.on, int32(k))
				}
			}
		} else {
			sp.whenW = world(ct.when)
		}
		if sp.cost, ok = b.classify(ct.cost); !ok {
			return nil
		}
		if sp.cost == caseTable {
			sp.costTab = ct.cost.Table
		} else {
			sp.costW = world(ct.cost)
		}
	}
	pl.prog = b.buildProg(pl)
	return pl
}

// additiveTerms lists party p's option values, as worldTerms computes
// them.
func (pl *fastPlan) additiveTerms(b *bargain, p int) {
	pu := &b.utility[p]
	for i, is := range b.issues {
		w, wk := -1, 1.0
		if e := pu.weights[i]; e != nil {
			if v, ok := e.Constant(); ok {
				wk = v
			} else {
				pl.weights = append(pl.weights, e)
				w = len(pl.weights) - 1
			}
		}
		for o := range is.options {
			t := valueTerm{p: p, i: i, o: o, w: w, wk: wk}
			if pu.values[i] != nil && pu.values[i][o] != nil {
				t.v = pu.values[i][o]
				if v, ok := t.v.Constant(); ok {
					t.v, t.vk = nil, v
				}
			}
			if prod := t.wk * t.vk; t.w < 0 && t.v == nil && prod-prod == 0 {
				pl.static = append(pl.static, t)
				continue
			}
			pl.terms = append(pl.terms, t)
		}
	}
}

// initFast readies solver s for the fast scorer: its plan, the buffer of
// world values, each soft constraint's fixed packages, and a party's
// utilities before and after soft costs sharing one buffer when no soft
// constraint in force can set them apart.
func (s *bargainSolver) initFast() {
	b := s.b
	s.plan = b.fastPlan()
	if s.plan == nil {
		return
	}
	// Written every world by one worker: padded, so that no two workers'
	// buffers share a cache line.
	s.worldVals = model.Padded[float64](len(s.plan.world))
	s.weightVals = model.Padded[float64](len(s.plan.weights))
	s.scratch = model.Padded[float64](b.packages)
	if s.plan.prog != nil {
		s.regs = s.plan.prog.prog.Regs()
	}
	for _, t := range s.plan.static {
		s.val[t.p][t.i][t.o] = t.wk * t.vk
	}
	nd := len(b.demands)
	costly := make([]bool, b.parties)
	for c, ct := range b.constraints {
		if !ct.hard && !s.drop[nd+c] {
			costly[ct.party] = true
		}
	}
	for p, ok := range costly {
		if !ok {
			s.u[p] = s.ubase[p]
		}
	}
	s.markSoft()
}

// markSoft sets where the soft constraints whose when: reads the package
// alone apply, which is the same in every world, and clears their costs
// elsewhere.
func (s *bargainSolver) markSoft() {
	b := s.b
	nd := len(b.demands)
	for c, ct := range b.constraints {
		if ct.hard || s.drop[nd+c] || s.plan.soft[c].when != caseTable {
			continue
		}
		clear(s.softOn[c])
		clear(s.softCost[c])
		for _, k := range s.plan.soft[c].on {
			s.softOn[c][k] = true
		}
	}
	s.softStale = false
}

// scoreFast is score's package loop and choice on the fast path (see
// the top of this file); ok is false when a value was not finite, and
// the loop must run instead.
func (s *bargainSolver) scoreFast(x []float64) (k, zopa int, ok bool) {
	b, pl := s.b, s.plan
	K := b.packages
	if s.softStale {
		s.markSoft()
	}
	for i, e := range pl.world {
		if s.worldReady {
			break
		}
		v, f := e.E.Run(x)
		if f.Failed() {
			return -1, 0, false
		}
		s.worldVals[i] = v
	}
	for p := range b.parties {
		u := s.ubase[p][:K]
		switch up := &pl.utility[p]; up.kind {
		case utilNone:
			clear(u)
		case utilAdditive:
			s.sumIssues(u, s.val[p])
		case utilTable:
			copy(u, up.table)
		case utilWorld:
			v := s.worldVals[up.world]
			for k := range u {
				u[k] = v
			}
		}
		if &s.u[p][0] != &u[0] {
			copy(s.u[p], u)
		}
	}
	nd := len(b.demands)
	for c := range b.constraints {
		ct := &b.constraints[c]
		if ct.hard || s.drop[nd+c] {
			continue
		}
		sp := &pl.soft[c]
		u, on, cost := s.u[ct.party][:K], s.softOn[c][:K], s.softCost[c][:K]
		if sp.when == caseWorld {
			if s.worldVals[sp.whenW] == 0 {
				clear(on)
				clear(cost)
				continue
			}
			for k := range on {
				on[k] = true
				cost[k] = s.costAt(sp, k)
				u[k] -= cost[k]
			}
			continue
		}
		for _, k := range sp.on {
			cost[k] = s.costAt(sp, int(k))
			u[k] -= cost[k]
		}
	}
	// The demands and hard constraints in force, and those of the world
	// alone that every package violates.
	var inForce, always uint64
	for d := range b.demands {
		bit := uint64(1) << min(d, 63)
		if s.firm[d] && !s.drop[d] {
			inForce |= bit
		}
		if w := pl.require[d]; w >= 0 && s.worldVals[w] == 0 {
			always |= bit
		}
	}
	for c := range b.constraints {
		bit := uint64(1) << min(nd+c, 63)
		if s.active[c] {
			inForce |= bit
		}
		if w := pl.forbid[c]; w >= 0 && s.worldVals[w] != 0 {
			always |= bit
		}
	}
	always &= inForce
	k, zopa, ok = s.packagePass(inForce, always)
	if !ok {
		return -1, 0, false
	}
	copy(x[b.base:], b.vals[K-1]) // as the loop leaves it
	if !pl.nash {
		k, zopa = s.choose()
	}
	return k, zopa, true
}

// packagePass sets viol, ir and feasible for every package, as score's
// loop does, and for Nash's solution chooses as choose does; ok is false
// when a utility is not finite.
func (s *bargainSolver) packagePass(inForce, always uint64) (best, zopa int, ok bool) {
	b, pl := s.b, s.plan
	K := b.packages
	viol, ir, feasible := s.viol[:K], s.ir[:K], s.feasible[:K]
	tab := pl.viol[:K]
	// A sum of x-x is 0 when every x is finite, NaN otherwise. The
	// negotiators' utilities are checked in the pass below; the other
	// parties', when they are sums, here.
	var bad float64
	for _, p := range pl.unchecked {
		for _, v := range s.u[p][:K] {
			bad += v - v
		}
	}
	negs := b.negotiators
	var u0, u1 []float64
	var floor0, floor1 float64
	var nb nashBound
	if len(negs) == 2 { // the common case, without the inner loops
		u0, u1 = s.u[negs[0]][:K], s.u[negs[1]][:K]
		floor0, floor1 = s.batna[negs[0]]-surplusTol, s.batna[negs[1]]-surplusTol
		nb = newNashBound(s.batna[negs[0]], s.batna[negs[1]], s.power[negs[0]], s.power[negs[1]], pl.nash && !s.exactNash)
	}
	best = -1
	var bestScore, bestSum float64
	for k := range feasible {
		v := tab[k]&inForce | always
		viol[k] = v
		r := true // rational, as rational says
		if u0 != nil {
			a, c := u0[k], u1[k]
			bad += a - a + (c - c)
			r = !(a < floor0) && !(c < floor1)
		} else {
			for _, p := range negs {
				u := s.u[p][k]
				bad += u - u
				if u < s.batna[p]-surplusTol {
					r = false
				}
			}
		}
		ir[k] = r
		f := r && v == 0
		feasible[k] = f
		if !f {
			continue
		}
		zopa++
		if !pl.nash {
			continue
		}
		if u0 != nil {
			s0, s1 := max(0, u0[k]-nb.batna0), max(0, u1[k]-nb.batna1)
			if best >= 0 && nb.loses(s0, s1, bestScore) {
				continue // better would say no: see nashBound
			}
			var sc, sum float64
			sc += nb.power0 * math.Log(s0)
			sum += s0
			sc += nb.power1 * math.Log(s1)
			sum += s1
			if best < 0 || better(sc, sum, bestScore, bestSum) {
				best, bestScore, bestSum = k, sc, sum
				nb.best0, nb.best1 = s0, s1
			}
			continue
		}
		var sc, sum float64
		for _, p := range negs {
			sur := max(0, s.u[p][k]-s.batna[p])
			sc += s.power[p] * math.Log(sur)
			sum += sur
		}
		if best < 0 || better(sc, sum, bestScore, bestSum) {
			best, bestScore, bestSum = k, sc, sum
		}
	}
	if bad != 0 {
		return -1, 0, false
	}
	return best, zopa, true
}

// costAt is soft constraint sp's cost at package k.
func (s *bargainSolver) costAt(sp *softPlan, k int) float64 {
	if sp.cost == caseTable {
		return sp.costTab[k]
	}
	return s.worldVals[sp.costW]
}

// sumIssues writes to u each package's sum of the options' values val
// (issue → option → value), added in issue order from 0 as score's loop
// adds them. Packages list the last issue fastest, so the sums through
// issue i of the prefixes j = 0, 1, … spread, each into its m successors
// j·m + o, to the sums through issue i+1; the levels alternate between u
// and the scratch buffer so that the last lands in u.
func (s *bargainSolver) sumIssues(u []float64, val [][]float64) {
	dst, other := u, s.scratch
	if len(val)%2 == 0 {
		dst, other = other, dst
	}
	src := []float64{0}
	for _, v := range val {
		m := len(v)
		out := dst[:len(src)*m]
		switch m {
		case 2:
			v0, v1 := v[0], v[1]
			for j, pre := range src {
				d := out[2*j : 2*j+2]
				d[0], d[1] = pre+v0, pre+v1
			}
		case 3:
			v0, v1, v2 := v[0], v[1], v[2]
			for j, pre := range src {
				d := out[3*j : 3*j+3]
				d[0], d[1], d[2] = pre+v0, pre+v1, pre+v2
			}
		default:
			for j, pre := range src {
				d := out[j*m : j*m+m]
				for o, vo := range v {
					d[o] = pre + vo
				}
			}
		}
		src, dst, other = out, other, dst
	}
}

// worldTermsFast is worldTerms without its messages: ok is false when
// a value is not finite or a power not positive, and worldTerms must run
// to name the fault.
func (s *bargainSolver) worldTermsFast(x []float64) (ok bool) {
	b, pl := s.b, s.plan
	s.worldReady = false
	if pl.prog != nil && s.runProg(x) {
		return true
	}
	for p := range b.parties {
		s.batna[p] = 0
		if e := b.batna[p]; e != nil {
			v, f := e.Run(x)
			if f.Failed() {
				return false
			}
			s.batna[p] = v
		}
		s.power[p] = 1
		if e := b.power[p]; e != nil {
			v, f := e.Run(x)
			if f.Failed() || !(v > 0) {
				return false
			}
			s.power[p] = v
		}
	}
	for j, e := range pl.weights {
		v, f := e.Run(x)
		if f.Failed() {
			return false
		}
		s.weightVals[j] = v
	}
	for j := range pl.terms {
		t := &pl.terms[j]
		wt, v := t.wk, t.vk
		if t.w >= 0 {
			wt = s.weightVals[t.w]
		}
		if t.v != nil {
			var f calc.Fault
			if v, f = t.v.Run(x); f.Failed() {
				return false
			}
		}
		val := wt * v
		if val-val != 0 {
			return false
		}
		s.val[t.p][t.i][t.o] = val
	}
	return true
}

package game

import (
	"math"
	"math/bits"
	"slices"
	"sync/atomic"
)

// The pivoting path of EnumMixedInto. Choosing every set of d tight
// constraints among d+k solves C(d+k, d) systems per polytope, 12,870 for
// an 8×8 game, where a random 8×8 best-response polytope has about 230
// vertices. Walking from vertex to vertex by pivots (a depth-first search
// over the bases, as EnumMixed does, one pivot or a few per basis) visits
// only those. The answer must be the subset enumeration's to the bit, in
// its order, so the walk only finds which vertices pair into equilibria;
// each of those is then solved again from its set of tight constraints by
// the very code the subset enumeration runs, and the pairs are put in
// that enumeration's order (by player 1's tight set, lexicographically).
//
// The shortcut holds for nondegenerate polytopes, where each vertex has
// exactly d tight constraints and one basis. Where the walk meets a basic
// variable near zero (a degenerate or nearly degenerate vertex, where the
// two methods' tolerances could disagree; a tie in a ratio test leads to
// one), or
// where solving a vertex again does not give back its tight set, the walk
// gives up and EnumMixedInto enumerates the subsets as before.

// pivotMargin is how far from zero every basic variable must stay for the
// walk to trust the polytope to be nondegenerate: a hundred times the
// tolerance of the subset enumeration's own tests, on entries of order
// one.
const pivotMargin = 1e-7

// pivotScratch is the walk's part of a Workspace.
type pivotScratch struct {
	poly    [2]polytope
	tab     [2]tableau
	seen    basisSet
	stack   []uint64
	masks   [2][]uint64 // label sets of the vertices of P and of Q
	qMasks  basisSet
	matched []uint64 // player 1's label sets that pair with one of player 2's
	comb    []int
	cols    []int     // the variables that may enter the basis being expanded
	best    []int     // the row each of them would leave by
	keys    []int64   // minRatios' running maxima
	inv     []float64 // 1 over each row's right-hand side
}

// pivotEquilibria appends to dst the equilibria EnumMixedInto would find,
// by the walk; ok is false when the walk gave up (see above) and nothing
// was appended, stopped true when sc.stop was set on the way.
func (sc *mixedScratch) pivotEquilibria(m, n int, dst []float64) (out []float64, ok, stopped bool) {
	ps := &sc.piv
	sc.setPolytopes(m, n)
	for i := range ps.poly {
		var fine bool
		if fine, stopped = ps.walk(i, sc.stop); !fine {
			return dst, false, stopped
		}
	}
	all := uint64(1)<<(m+n) - 1
	if m+n == 64 {
		all = ^uint64(0)
	}
	ps.qMasks.reset()
	for _, q := range ps.masks[1] {
		ps.qMasks.add(q)
	}
	ps.matched = ps.matched[:0]
	for _, p := range ps.masks[0] {
		if ps.qMasks.has(all &^ p) {
			ps.matched = append(ps.matched, p)
		}
	}
	// The subset enumeration's order: by the sorted tight sets, which for
	// player 1 are its label sets; the lexicographically first set is the
	// one whose lowest differing label is its own, the larger when the
	// bits are reversed.
	slices.SortFunc(ps.matched, func(a, b uint64) int {
		ra, rb := bits.Reverse64(a), bits.Reverse64(b)
		switch {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return 0
	})
	start := len(dst)
	for _, p := range ps.matched {
		for i, mask := range [2]uint64{p, all &^ p} {
			d, k := m, n
			if i == 1 {
				d, k = n, m
			}
			got, fine := sc.comboVertex(ps.tightSet(mask, d, k, i == 0), d, k, i == 0)
			if !fine || got != mask {
				return dst[:start], false, false
			}
			dst = appendNormalized(dst, sc.z[:d])
		}
	}
	return dst, true, false
}

// setPolytopes builds P and Q from the rescaled payoffs, as
// bestResponsePolytopes does, in the workspace.
func (sc *mixedScratch) setPolytopes(m, n int) {
	ps := &sc.piv
	px, qy := &ps.poly[0], &ps.poly[1]
	px.d, px.k = m, n
	px.M = grow(px.M, m*n)
	px.zLabel, px.rLabel = growInts(px.zLabel, m), growInts(px.rLabel, n)
	for j := range n {
		for i := range m {
			px.M[j*m+i] = sc.b[i*n+j]
		}
		px.rLabel[j] = m + j
	}
	for i := range m {
		px.zLabel[i] = i
	}
	qy.d, qy.k = n, m
	qy.M = grow(qy.M, m*n)
	copy(qy.M, sc.a[:m*n])
	qy.zLabel, qy.rLabel = growInts(qy.zLabel, n), growInts(qy.rLabel, m)
	for j := range n {
		qy.zLabel[j] = m + j
	}
	for i := range m {
		qy.rLabel[i] = i
	}
	for i := range ps.tab {
		p, tb := &ps.poly[i], &ps.tab[i]
		tb.p, tb.w = p, p.d+p.k+1
		tb.t = grow(tb.t, p.k*tb.w)
		tb.basic = growInts(tb.basic, p.k)
	}
}

func growInts(x []int, n int) []int {
	if cap(x) < n {
		return make([]int, n)
	}
	return x[:n]
}

// walk finds the vertices of polytope i (0: P, 1: Q) by a depth-first
// search over its bases and leaves their label sets in ps.masks[i]. fine
// is false when it met a sign of degeneracy or was stopped (stopped true).
func (ps *pivotScratch) walk(i int, stop *atomic.Bool) (fine, stopped bool) {
	p, tb := &ps.poly[i], &ps.tab[i]
	wk := walker{tb: tb}
	all := uint64(1)<<(p.d+p.k) - 1
	start := all &^ (uint64(1)<<p.d - 1) // the slacks
	ps.seen.reset()
	ps.seen.add(start)
	ps.stack = append(ps.stack[:0], start)
	ps.masks[i] = ps.masks[i][:0]
	w := tb.w
	for steps := 1; len(ps.stack) > 0; steps++ {
		if steps%256 == 0 && stop != nil && stop.Load() {
			return false, true
		}
		basis := ps.stack[len(ps.stack)-1]
		ps.stack = ps.stack[:len(ps.stack)-1]
		if !wk.reach(basis) {
			return false, false
		}
		ps.inv = grow(ps.inv, p.k)
		for r := range p.k {
			b := tb.t[r*w+w-1]
			if b <= pivotMargin {
				return false, false
			}
			ps.inv[r] = 1 / b
		}
		if basis != start {
			var mask uint64
			for v := range p.d + p.k {
				if basis&(1<<v) == 0 {
					mask |= 1 << tb.labelOf(v)
				}
			}
			ps.masks[i] = append(ps.masks[i], mask)
		}
		cols := ps.cols[:0]
		for e := range p.d + p.k {
			if basis&(1<<e) == 0 {
				cols = append(cols, e)
			}
		}
		ps.cols = cols
		n := len(cols)
		ps.best = growInts(ps.best, n)
		if cap(ps.keys) < n {
			ps.keys = make([]int64, n)
		}
		tb.minRatios(cols, ps.inv, ps.best, ps.keys[:n])
		for i, e := range cols {
			r := ps.best[i]
			if r < 0 {
				continue
			}
			if next := basis&^(1<<tb.basic[r]) | 1<<e; ps.seen.add(next) {
				ps.stack = append(ps.stack, next)
			}
		}
	}
	return true, false
}

// minRatios is the minimum ratio test for each entering variable in cols,
// in one pass over the rows (the tableau is row-major): best[i] is the row
// that leaves when cols[i] enters, -1 if none does. inv holds 1 over each
// row's right-hand side, all of which walk has checked to be positive, so
// the least ratio b/a is the greatest q = a/b, a product. The greatest is
// kept without a branch: as the bits of q, which order positive floats as
// integers do (and negative ones below them), with the row in the lowest
// six bits, so that an integer max (a conditional move) keeps both. That
// orders rows whose q agree to 64 units in the last place by their index,
// not their q: a near tie, like a tie the sign of a degenerate vertex,
// which needs no test here. Whichever row leaves, the other's variable
// stays basic at zero (or within rounding of it, far below pivotMargin) in
// the basis reached, which walk expands in its turn and refuses. A column
// whose greatest q has an entry at or below vertexTol, which the ratio
// test skips, is tested again row by row.
func (tb *tableau) minRatios(cols []int, inv []float64, best []int, keys []int64) {
	for i := range keys {
		keys[i] = -1
	}
	w := tb.w
	keys = keys[:len(cols)]
	for r := range tb.basic {
		row := tb.t[r*w : r*w+w]
		ib := inv[r]
		for i, e := range cols {
			k := int64(math.Float64bits(row[e]*ib))&^63 | int64(r)
			keys[i] = max(keys[i], k)
		}
	}
	for i, e := range cols {
		best[i] = -1
		if keys[i] < 0 {
			continue // no entry at or above zero
		}
		r := int(keys[i] & 63)
		if tb.t[r*w+e] > vertexTol {
			best[i] = r
			continue
		}
		var bq float64
		for r, ib := range inv {
			if a := tb.t[r*w+e]; a > vertexTol && a*ib > bq {
				best[i], bq = r, a*ib
			}
		}
	}
}

// tightSet returns, in ps.comb, a label set as the subset enumeration's
// sorted list of tight constraints (variables 0..d-1, then the k payoff
// constraints) of player 1's polytope (rowPlayer) or player 2's.
func (ps *pivotScratch) tightSet(mask uint64, d, k int, rowPlayer bool) []int {
	ps.comb = ps.comb[:0]
	for c := range d + k {
		l := c // player 1: variable i has label i, constraint j label d+j
		if !rowPlayer {
			if c < d {
				l = k + c // player 2's variable j has label m+j
			} else {
				l = c - d // its constraint i, label i
			}
		}
		if mask&(1<<l) != 0 {
			ps.comb = append(ps.comb, c)
		}
	}
	return ps.comb
}

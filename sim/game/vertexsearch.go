package game

import (
	"math"
	"math/bits"
)

// vertexSearch is a depth-first search over the lex-feasible bases of a
// polytope, one basis per step, so that the caller can interleave it with
// another search and stop it at any point.
//
// The order of the search is part of EnumMixed's output (equilibria come in
// the order their player-1 vertices are found): the stack is last in, first
// out, each expanded basis pushes its unmet neighbours in the order of
// their entering variables, and a basis counts as met when pushed.
//
// What it costs, for a 20×20 game (millions of bases): the tableau of the
// basis to expand is reached from the one expanded before by pivoting in
// the variables that differ — one to three pivots for nine steps in ten,
// against the k pivots of rebuilding it — and rebuilt from the original
// system every refactorEvery pivots, so rounding cannot build up. Bases
// met are held in a basisSet (8 bytes a slot); a vertex is held as its
// label set only, its coordinates being computed again, from its basis
// alone as before, for the few vertices that take part in an equilibrium.
// The neighbours of a basis come from one ratio test per entering
// variable, done as products (ratio.go). Of the time that is left, about a
// third is the pivots, a third the look-ups of the neighbours in the set
// (waits for memory) and a quarter the ratio tests.
type vertexSearch struct {
	p *polytope
	walker
	start uint64
	seen  basisSet
	stack chunks
	next  []uint64 // the neighbours of the basis being expanded
	// masks are the label sets of the vertices found so far, the origin
	// excepted. A vertex with exactly d labels has one basis, the
	// variables whose labels it lacks; a degenerate one (more labels: a
	// basic variable at zero) has several, and degen holds its label
	// set, first its index in masks and the basis it was found at.
	masks      chunks
	degen      basisSet
	degenBasis []indexedBasis
}

type indexedBasis struct {
	i     int
	basis uint64
}

// refactorEvery is how many pivots may change a tableau before it is
// rebuilt from the original system.
const refactorEvery = 128

func newVertexSearch(p *polytope) *vertexSearch {
	start := uint64(0)
	for r := range p.k {
		start |= 1 << (p.d + r)
	}
	vs := &vertexSearch{
		p: p, walker: walker{tb: newTableau(p)}, start: start,
	}
	vs.seen.add(start)
	vs.stack.push(start)
	return vs
}

// done reports whether every basis has been expanded.
func (vs *vertexSearch) done() bool { return vs.stack.len() == 0 }

// bases is the number of bases met so far (expanded or waiting), which is
// what the search's memory grows with.
func (vs *vertexSearch) bases() int { return vs.seen.len() }

// vertices is the number of vertices found so far, the origin excepted.
func (vs *vertexSearch) vertices() int { return vs.masks.len() }

// step expands the next basis.
func (vs *vertexSearch) step() {
	p, tb := vs.p, vs.tb
	basis := vs.stack.pop()
	if !vs.reach(basis) {
		return
	}
	mask := tb.labelMask()
	if bits.OnesCount64(mask) == p.d {
		// Nondegenerate: this basis is the vertex's only one, and no
		// basis is expanded twice.
		if basis != vs.start {
			vs.masks.push(mask)
		}
	} else if vs.degen.add(mask) && basis != vs.start {
		vs.degenBasis = append(vs.degenBasis, indexedBasis{vs.masks.len(), basis})
		vs.masks.push(mask)
	}
	// The neighbours first, then their look-ups: the set is far larger
	// than the caches, and touching every neighbour's slot before the
	// first look-up lets the processor wait for their memory at once
	// rather than one after the other.
	next := tb.neighbours(basis, vs.next[:0])
	vs.next = next
	vs.seen.touch(next)
	for _, b := range next {
		if vs.seen.add(b) {
			vs.stack.push(b)
		}
	}
}

// walker moves a tableau from basis to basis.
type walker struct {
	tb     *tableau
	cur    uint64 // the basis tb holds; 0 when it holds none
	pivots int    // pivots since tb was last rebuilt
}

// reach sets the tableau to basis: by pivoting from the basis it holds
// when that is near and the tableau fresh enough, else by rebuilding it.
// It reports false when the basis matrix is singular.
func (wk *walker) reach(basis uint64) bool {
	tb := wk.tb
	if d := bits.OnesCount64(basis^wk.cur) / 2; wk.cur != 0 && 2*d <= tb.p.k && wk.pivots+d <= refactorEvery {
		if tb.move(wk.cur, basis) {
			wk.cur = basis
			wk.pivots += d
			return true
		}
	}
	wk.cur = 0
	if !tb.factor(basis) {
		return false
	}
	wk.cur, wk.pivots = basis, 0
	return true
}

// move pivots the tableau from basis cur to basis next, entering the
// variables of next in increasing order, each in the row of a leaving
// variable where its coefficient is largest. It reports false when a
// pivot would be small enough to lose precision; the tableau must then be
// rebuilt.
func (tb *tableau) move(cur, next uint64) bool {
	enter, leave := next&^cur, cur&^next
	w := tb.w
	for enter != 0 {
		v := bits.TrailingZeros64(enter)
		enter &= enter - 1
		best, br := 0.0, -1
		for r, b := range tb.basic {
			if leave&(1<<b) == 0 {
				continue
			}
			if a := math.Abs(tb.t[r*w+v]); a > best {
				best, br = a, r
			}
		}
		if br < 0 || best < 1e-6 {
			return false
		}
		leave &^= 1 << tb.basic[br]
		tb.pivot(br, v)
	}
	return true
}

// basisOf returns the basis vertex i was found at.
func (vs *vertexSearch) basisOf(i int) uint64 {
	mask := vs.masks.at(i)
	if bits.OnesCount64(mask) != vs.p.d {
		lo, hi := 0, len(vs.degenBasis)
		for lo < hi {
			mid := (lo + hi) / 2
			if vs.degenBasis[mid].i < i {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return vs.degenBasis[lo].basis
	}
	var basis uint64
	for v := range vs.p.d + vs.p.k {
		if mask&(1<<vs.tb.labelOf(v)) == 0 {
			basis |= 1 << v
		}
	}
	return basis
}

// coords returns vertex i's coordinates, computed from its basis rebuilt
// from the original system, as the search found it.
func (vs *vertexSearch) coords(i int) []float64 {
	tb := newTableau(vs.p)
	z := make([]float64, vs.p.d)
	if tb.factor(vs.basisOf(i)) {
		tb.vertexMask(z, make([]bool, vs.p.d+vs.p.k))
	}
	return z
}

// release drops what only the search needs, before the vertices are
// paired.
func (vs *vertexSearch) release() {
	vs.seen = basisSet{}
	vs.degen = basisSet{}
	vs.stack = chunks{}
}

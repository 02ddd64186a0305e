package game

import (
	"errors"
	"math"
)

// This file enumerates the vertices of a best-response polytope
//
//	{z ∈ R^d : z ≥ 0, M z ≤ 1},  M a positive k×d matrix,
//
// by a search over its lexicographically feasible bases. The right-hand
// side 1 is perturbed to 1 − (ε, ε², …, ε^k) — the lexicographic rule of the
// simplex method — which makes the polytope simple: every feasible basis is
// nondegenerate, each has exactly d neighbours, one per entering variable,
// and the graph of these bases is connected. Every vertex of the unperturbed
// polytope is the limit of at least one perturbed vertex, so visiting every
// lex-feasible basis from the origin visits every vertex, however
// degenerate the game. A degenerate vertex is reached through several bases
// and recorded once, by its set of tight constraints (its labels).
//
// Bases are kept as bit sets and each one's tableau is rebuilt from the
// original matrix before it is expanded, so rounding never accumulates along
// the search, at the price of a k×k elimination per basis.

// vertexTol is the tolerance for ties and zeros in the polytope tableaux,
// whose entries are of order one: payoffs are rescaled to [1, 2] first.
const vertexTol = 1e-9

// maxLabels is the largest m+n the vertex enumeration handles (labels are
// kept in a uint64).
const maxLabels = 64

// errTooLarge is returned for games beyond maxLabels strategies in total.
var errTooLarge = errors.New("game: too many strategies for vertex enumeration (m+n > 64)")

// polytope describes {z ≥ 0, M z ≤ 1} and how its constraints are labelled:
// z_t = 0 carries label zLabel[t], row r tight carries label rLabel[r].
type polytope struct {
	d, k   int
	M      []float64 // k×d, row-major
	zLabel []int
	rLabel []int
}

// polyVertex is a vertex: its coordinates and its label set.
type polyVertex struct {
	z    []float64
	mask uint64
}

// tableau is the simplex tableau of the polytope in a given basis: k rows
// over the d+k variables (z then slacks) and the right-hand side.
type tableau struct {
	p     *polytope
	w     int       // row width: d + k + 1
	t     []float64 // k×w
	basic []int     // variable basic in each row
}

func newTableau(p *polytope) *tableau {
	w := p.d + p.k + 1
	return &tableau{p: p, w: w, t: make([]float64, p.k*w), basic: make([]int, p.k)}
}

// load sets the tableau to the original system [M | I | 1] in the slack
// basis.
func (tb *tableau) load() {
	p := tb.p
	clear(tb.t)
	for r := range p.k {
		row := tb.t[r*tb.w : (r+1)*tb.w]
		copy(row, p.M[r*p.d:(r+1)*p.d])
		row[p.d+r] = 1
		row[tb.w-1] = 1
		tb.basic[r] = p.d + r
	}
}

// pivot makes variable e basic in row r.
func (tb *tableau) pivot(r, e int) {
	w := tb.w
	pr := tb.t[r*w : (r+1)*w]
	inv := 1 / pr[e]
	for j := range pr {
		pr[j] *= inv
	}
	pr[e] = 1
	for i := range tb.p.k {
		if i == r {
			continue
		}
		row := tb.t[i*w : (i+1)*w]
		f := row[e]
		if f == 0 {
			continue
		}
		for j, v := range pr {
			row[j] -= f * v
		}
		row[e] = 0
	}
	tb.basic[r] = e
}

// factor rebuilds the tableau for the basis given as a bit set of basic
// variables, by Gauss–Jordan elimination with partial pivoting from the
// original system. It reports false if the basis matrix is singular.
func (tb *tableau) factor(basis uint64) bool {
	tb.load()
	p := tb.p
	done := uint64(0) // rows already assigned
	for v := range p.d + p.k {
		if basis&(1<<v) == 0 {
			continue
		}
		best, br := 0.0, -1
		for r := range p.k {
			if done&(1<<r) != 0 {
				continue
			}
			if a := math.Abs(tb.t[r*tb.w+v]); a > best {
				best, br = a, r
			}
		}
		if br < 0 || best < 1e-12 {
			return false
		}
		tb.pivot(br, v)
		done |= 1 << br
	}
	return true
}

// lexLeave returns the row leaving the basis when variable e enters, by the
// lexicographic minimum ratio test, or -1 if e can increase without bound.
func (tb *tableau) lexLeave(e int) int {
	p, w := tb.p, tb.w
	best := -1
	for r := range p.k {
		a := tb.t[r*w+e]
		if a <= vertexTol {
			continue
		}
		if best < 0 || tb.lexLess(r, best, e) {
			best = r
		}
	}
	return best
}

// lexLess reports whether row r comes before row s in the lexicographic
// ratio order for entering column e. With the right-hand side 1 − (ε, ε²,
// …, ε^k), row r's ratio is (β_r − Σ_c (B⁻¹)_rc ε^c)/a_r: compare β/a, then
// the columns of the basis inverse (the slack columns) divided by a, in slack
// order, the larger coming first. Subtracting the perturbation rather than
// adding it is arbitrary for vertex enumeration, but it is the choice that
// reproduces gambit-lcp's paths in degenerate games (deg1, csg1, winkels).
func (tb *tableau) lexLess(r, s, e int) bool {
	p, w := tb.p, tb.w
	rr, sr := tb.t[r*w:(r+1)*w], tb.t[s*w:(s+1)*w]
	ar, as := rr[e], sr[e]
	x, y := rr[w-1]/ar, sr[w-1]/as
	if d := x - y; math.Abs(d) > vertexTol*(1+math.Abs(x)+math.Abs(y)) {
		return d < 0
	}
	for c := p.d; c < p.d+p.k; c++ {
		x, y := rr[c]/ar, sr[c]/as
		if d := x - y; math.Abs(d) > vertexTol*(1+math.Abs(x)+math.Abs(y)) {
			return d > 0 // the perturbation is subtracted: larger is smaller
		}
	}
	return false
}

// vertex reads the current basic solution into z and its labels into
// labels (indexed by label, length at least the largest label + 1).
func (tb *tableau) vertex(z []float64, labels []bool) {
	p, w := tb.p, tb.w
	clear(z)
	for v := range p.d + p.k {
		labels[tb.labelOf(v)] = true
	}
	for r, v := range tb.basic {
		val := tb.t[r*w+w-1]
		if math.Abs(val) <= vertexTol {
			val = 0
		}
		if v < p.d {
			z[v] = val
		}
		if val != 0 {
			labels[tb.labelOf(v)] = false
		}
	}
}

// vertexMask is vertex for polytopes with at most 64 labels.
func (tb *tableau) vertexMask(z []float64, labels []bool) (mask uint64) {
	clear(labels)
	tb.vertex(z, labels)
	for l, ok := range labels {
		if ok {
			mask |= 1 << l
		}
	}
	return mask
}

func (tb *tableau) labelOf(v int) int {
	if v < tb.p.d {
		return tb.p.zLabel[v]
	}
	return tb.p.rLabel[v-tb.p.d]
}

// vertexSearch is a depth-first search over the lex-feasible bases of a
// polytope, one basis per step, so that the caller can interleave it with
// another search and stop it at any point.
type vertexSearch struct {
	p          *polytope
	tb         *tableau
	start      uint64
	seenBasis  map[uint64]struct{}
	seenVertex map[uint64]struct{}
	stack      []uint64
	z          []float64
	labels     []bool
	out        []polyVertex // every vertex found so far except the origin
}

func newVertexSearch(p *polytope) *vertexSearch {
	start := uint64(0)
	for r := range p.k {
		start |= 1 << (p.d + r)
	}
	return &vertexSearch{
		p: p, tb: newTableau(p), start: start,
		seenBasis:  map[uint64]struct{}{start: {}},
		seenVertex: map[uint64]struct{}{},
		stack:      []uint64{start},
		z:          make([]float64, p.d),
		labels:     make([]bool, p.d+p.k),
	}
}

// done reports whether every basis has been expanded.
func (vs *vertexSearch) done() bool { return len(vs.stack) == 0 }

// bases is the number of bases met so far (expanded or waiting), which is
// what the search's memory grows with.
func (vs *vertexSearch) bases() int { return len(vs.seenBasis) }

// step expands the next basis.
func (vs *vertexSearch) step() {
	p, tb := vs.p, vs.tb
	basis := vs.stack[len(vs.stack)-1]
	vs.stack = vs.stack[:len(vs.stack)-1]
	if !tb.factor(basis) {
		return
	}
	mask := tb.vertexMask(vs.z, vs.labels)
	if _, ok := vs.seenVertex[mask]; !ok {
		vs.seenVertex[mask] = struct{}{}
		if basis != vs.start {
			vs.out = append(vs.out, polyVertex{z: append([]float64(nil), vs.z...), mask: mask})
		}
	}
	for e := range p.d + p.k {
		if basis&(1<<e) != 0 {
			continue
		}
		r := tb.lexLeave(e)
		if r < 0 {
			continue
		}
		next := basis&^(1<<tb.basic[r]) | 1<<e
		if _, ok := vs.seenBasis[next]; !ok {
			vs.seenBasis[next] = struct{}{}
			vs.stack = append(vs.stack, next)
		}
	}
}

// rescale maps x affinely onto [1, 2] (a constant matrix becomes all ones).
// Best responses do not change under a positive affine map of a player's
// payoffs, and positive entries make the polytopes bounded.
func rescale(x []float64) []float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	out := make([]float64, len(x))
	for i, v := range x {
		if hi > lo {
			out[i] = 1 + (v-lo)/(hi-lo)
		} else {
			out[i] = 1
		}
	}
	return out
}

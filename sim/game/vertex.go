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
// Bases are kept as bit sets (vertexsearch.go); each one's tableau is
// reached from the last one expanded by a few pivots, and rebuilt from the
// original matrix every so often, so that rounding cannot accumulate along
// the search.

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

// tableau is the simplex tableau of the polytope in a given basis: k rows
// over the d+k variables (z then slacks) and the right-hand side.
type tableau struct {
	p     *polytope
	w     int       // row width: d + k + 1
	t     []float64 // k×w
	basic []int     // variable basic in each row
	inv   []float64 // scratch for neighbours: 1 over each right-hand side
	// scratch for neighbours: the entering variables, their greatest
	// products
	entering []int
	keys     []int64
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
		subScaled(row, pr, f)
		row[e] = 0
	}
	tb.basic[r] = e
}

// subScaled sets row to row − f·pr, entry by entry, four at a time: the
// same operations, rounded the same way, with a quarter of the loop's
// overhead (the pivots of a vertex enumeration are a quarter of its time).
func subScaled(row, pr []float64, f float64) {
	row = row[:len(pr)]
	j := 0
	for ; j+4 <= len(pr); j += 4 {
		r4, p4 := row[j:j+4:j+4], pr[j:j+4:j+4]
		r4[0] -= f * p4[0]
		r4[1] -= f * p4[1]
		r4[2] -= f * p4[2]
		r4[3] -= f * p4[3]
	}
	for ; j < len(pr); j++ {
		row[j] -= f * pr[j]
	}
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
	var bx, bb, ba float64 // best's ratio, right-hand side and entry
	for r := range p.k {
		a := tb.t[r*w+e]
		if a <= vertexTol {
			continue
		}
		b := tb.t[r*w+w-1]
		// Most rows' ratios are plainly above the best's: cross-multiplied,
		// with twice the tolerance below, that needs no division. (Right-
		// hand sides are not negative beyond rounding in a lex-feasible
		// basis, so the test implies the one below.)
		if best >= 0 && b*ba-bb*a > 2*vertexTol*(a*ba+math.Abs(b)*ba+math.Abs(bb)*a) {
			continue
		}
		// Does r come before best? Compare the ratios (each row's
		// computed once), then, where they tie, the perturbation.
		x := b / a
		if best < 0 {
			best, bx, bb, ba = r, x, b, a
			continue
		}
		if d := x - bx; math.Abs(d) > vertexTol*(1+math.Abs(x)+math.Abs(bx)) {
			if d < 0 {
				best, bx, bb, ba = r, x, b, a
			}
		} else if tb.lexLessTail(r, best, e) {
			best, bx, bb, ba = r, x, b, a
		}
	}
	return best
}

// lexLessTail reports whether row r comes before row s in the
// lexicographic ratio order for entering column e, given that their ratios
// of right-hand side to column entry tie (lexLeave compares those first).
// With the right-hand side 1 − (ε, ε², …, ε^k), row r's ratio is (β_r − Σ_c (B⁻¹)_rc ε^c)/a_r: compare β/a, then
// the columns of the basis inverse (the slack columns) divided by a, in slack
// order, the larger coming first. Subtracting the perturbation rather than
// adding it is arbitrary for vertex enumeration, but it is the choice that
// reproduces gambit-lcp's paths in degenerate games (deg1, csg1, winkels).
func (tb *tableau) lexLessTail(r, s, e int) bool {
	p, w := tb.p, tb.w
	rr, sr := tb.t[r*w:(r+1)*w], tb.t[s*w:(s+1)*w]
	ar, as := rr[e], sr[e]
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

// labelMask is vertexMask's label set alone, without the coordinates or
// a pass over the labels: every label but those of the basic variables
// that are not zero (labelOf numbers the variables' labels 0..d+k−1, one
// each).
func (tb *tableau) labelMask() uint64 {
	p, w := tb.p, tb.w
	mask := ^uint64(0) >> (64 - (p.d + p.k))
	for r, v := range tb.basic {
		if !(math.Abs(tb.t[r*w+w-1]) <= vertexTol) {
			mask &^= 1 << tb.labelOf(v)
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

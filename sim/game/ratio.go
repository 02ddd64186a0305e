package game

import "math"

// The lexicographic ratio test of vertex.go, for every entering variable of
// a basis at once. lexLeave compares each row's ratio of right-hand side to
// column entry with the running best's, within a tolerance, and breaks ties
// on the columns of the basis inverse; a vertex enumeration of a 20×20 game
// runs it twenty times per basis, millions of times, and it was half the
// time. Here, where every right-hand side is positive, the row of least
// ratio b/a is the row of greatest a·(1/b): one product per entry, the
// reciprocals computed once per basis, and only the greatest and the
// second greatest kept. When the first is ahead of the second by more than
// twice lexLeave's tolerance, lexLeave would choose the same row (see
// clearLeave); otherwise, and in every basis with a right-hand side at or
// near zero (a degenerate vertex, where the lexicographic rule decides),
// lexLeave itself runs. So the neighbours, and with them the order of the
// search and of EnumMixed's output, are lexLeave's.

// ratioFastMin is the least right-hand side for which the products are
// used: below it the reciprocals could overflow the comparisons.
const ratioFastMin = 1e-12

// unclearLeave is clearLeave's answer when the products cannot tell.
const unclearLeave = -2

// neighbours appends to next the neighbour of basis (which tb holds)
// reached by entering each nonbasic variable, in increasing order of the
// variable, as lexLeave chooses them; a variable that can increase without
// bound gives none.
func (tb *tableau) neighbours(basis uint64, next []uint64) []uint64 {
	p, w := tb.p, tb.w
	if cap(tb.inv) < p.k {
		tb.inv = make([]float64, p.k)
	}
	inv := tb.inv[:p.k]
	fast := true
	for r := range inv {
		b := tb.t[r*w+w-1]
		if !(b > ratioFastMin) {
			fast = false
			break
		}
		inv[r] = 1 / b
	}
	for e := range p.d + p.k {
		if basis&(1<<e) != 0 {
			continue
		}
		r := unclearLeave
		if fast {
			r = tb.clearLeave(e, inv)
		}
		if r == unclearLeave {
			r = tb.lexLeave(e)
		}
		if r >= 0 {
			next = append(next, basis&^(1<<tb.basic[r])|1<<e)
		}
	}
	return next
}

// clearLeave returns the row lexLeave(e) returns, or unclearLeave when
// that takes lexLeave's own comparisons; inv holds 1 over each row's
// right-hand side, all of them positive.
//
// Why it agrees: let r* have the greatest q = a/b, so the least ratio
// x* = b/a, and let every other row's ratio x exceed x* by more than
// 2·vertexTol·(1 + x* + x) (in q's terms, q* − q > 2·vertexTol·(q*q + q*
// + q)). lexLeave's scan keeps any best until a row
// comes before it by more than vertexTol·(1 + x + x_best), and a row whose
// ratio is larger, cross-multiplied, by more than 2·vertexTol times the
// products' scale is not a candidate at all: so r*, once met, replaces the
// best of the rows before it and is replaced by none after it. Twice the
// tolerance covers the rounding of a·(1/b) against b/a (a few units in the
// last place, against a margin of 1e-9 relative). Rows with a column entry
// at or below vertexTol, which lexLeave skips, are counted here in the
// test too, which only makes it stricter; if such a row has the greatest
// q, the answer is unclear.
func (tb *tableau) clearLeave(e int, inv []float64) int {
	w := tb.w
	col := tb.t[e:]
	// Two passes without a branch that depends on the data in the first
	// (the comparisons of a single pass, taken at random, cost more than
	// the pass): the greatest q, then the rows that come within the margin
	// of it, which in all but a near tie is that row alone. The greatest is
	// taken over the bits of the products as integers, which order
	// positive numbers as they do as floats and put negative ones below
	// them, in two running maxima (integer max has no branch, and two
	// halve the chain of dependent steps).
	var m0, m1 int64
	k, r := len(inv), 0
	for ; r+1 < k; r += 2 {
		m0 = max(m0, int64(math.Float64bits(col[r*w]*inv[r])))
		m1 = max(m1, int64(math.Float64bits(col[(r+1)*w]*inv[r+1])))
	}
	if r < k {
		m0 = max(m0, int64(math.Float64bits(col[r*w]*inv[r])))
	}
	q1 := math.Float64frombits(uint64(max(m0, m1)))
	if !(q1 > 0) || math.IsInf(q1, 1) {
		// No entry above zero (which a bounded polytope does not have),
		// or an infinite or NaN product: lexLeave says what that means.
		return unclearLeave
	}
	// q < thr is q1 − q > 2·vertexTol·(q1·q + q1 + q), solved for q. A NaN
	// counts as near.
	thr := q1 * (1 - 2*vertexTol) / (1 + 2*vertexTol*(q1+1))
	best, near := -1, 0
	for r, ib := range inv {
		if !(col[r*w]*ib < thr) {
			best = r
			near++
		}
	}
	if near != 1 || !(col[best*w] > vertexTol) {
		return unclearLeave
	}
	return best
}

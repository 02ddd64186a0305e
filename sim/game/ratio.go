package game

import "math"

// The lexicographic ratio test of vertex.go, for every entering variable of
// a basis at once. lexLeave compares each row's ratio of right-hand side to
// column entry with the running best's, within a tolerance, and breaks ties
// on the columns of the basis inverse; a vertex enumeration of a 20×20 game
// runs it twenty times per basis, millions of times, and it was half the
// time. Here, where every right-hand side is positive, the row of least
// ratio b/a is the row of greatest a·(1/b): one product per entry, the
// reciprocals computed once per basis, the greatest found without a
// branch (greatest). When no other row comes within twice lexLeave's
// tolerance of it, lexLeave would choose the same row (see clearLeave);
// otherwise, and in every basis with a right-hand side at or near zero (a
// degenerate vertex, where the lexicographic rule decides), lexLeave
// itself runs. So the neighbours, and with them the order of the
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
	cols := tb.entering[:0]
	for e := range p.d + p.k {
		if basis&(1<<e) == 0 {
			cols = append(cols, e)
		}
	}
	tb.entering = cols
	if fast {
		tb.greatest(cols, inv)
	}
	for i, e := range cols {
		r := unclearLeave
		if fast {
			r = tb.clearLeave(e, inv, tb.keys[i])
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

// greatest sets tb.keys[i], for each column cols[i], to the greatest
// q = a·(1/b) over the rows, as a key: the bits of q, which order positive
// floats as integers do (and put negative ones below them), with the row
// in the lowest six bits. An integer max is a conditional move, not a
// branch that the data decide; one pass over the rows, row by row, keeps
// the reads in order. Rows whose q agree to 64 units in the last place are
// ordered by index here, but clearLeave finds them both near the greatest.
func (tb *tableau) greatest(cols []int, inv []float64) {
	if cap(tb.keys) < len(cols) {
		tb.keys = make([]int64, len(cols))
	}
	keys := tb.keys[:len(cols)]
	for i := range keys {
		keys[i] = -1
	}
	w := tb.w
	for r, ib := range inv {
		row := tb.t[r*w : r*w+w]
		for i, e := range cols {
			keys[i] = max(keys[i], int64(math.Float64bits(row[e]*ib))&^63|int64(r))
		}
	}
}

// clearLeave returns the row lexLeave(e) returns, or unclearLeave when
// that takes lexLeave's own comparisons; inv holds 1 over each row's
// right-hand side, all of them positive, and key is greatest's key for e.
//
// Why it agrees: let r* have the greatest q = a/b, so the least ratio
// x* = b/a, and let every other row's ratio x exceed x* by more than
// 2·vertexTol·(1 + x* + x) (in q's terms, q* − q > 2·vertexTol·(q*q + q*
// + q)), which is what the pass over the rows checks. lexLeave's scan
// keeps any best until a row comes before it by more than vertexTol·(1 + x + x_best), and a row whose
// ratio is larger, cross-multiplied, by more than 2·vertexTol times the
// products' scale is not a candidate at all: so r*, once met, replaces the
// best of the rows before it and is replaced by none after it. Twice the
// tolerance covers the rounding of a·(1/b) against b/a (a few units in the
// last place, against a margin of 1e-9 relative). Rows with a column entry
// at or below vertexTol, which lexLeave skips, are counted here in the
// test too, which only makes it stricter; if such a row has the greatest
// q, the answer is unclear.
func (tb *tableau) clearLeave(e int, inv []float64, key int64) int {
	if key < 0 {
		// No entry at or above zero (which a bounded polytope does not
		// have): lexLeave says what that means.
		return unclearLeave
	}
	w := tb.w
	col := tb.t[e:]
	best := int(key & 63)
	q1 := col[best*w] * inv[best]
	if !(q1 > 0) || math.IsInf(q1, 1) || !(col[best*w] > vertexTol) {
		return unclearLeave
	}
	// q < thr is q1 − q > 2·vertexTol·(q1·q + q1 + q), solved for q. The
	// greatest is the only row not below it but in a near tie; a NaN
	// counts as near.
	thr := q1 * (1 - 2*vertexTol) / (1 + 2*vertexTol*(q1+1))
	near := 0
	for r, ib := range inv {
		if !(col[r*w]*ib < thr) {
			near++
		}
	}
	if near != 1 {
		return unclearLeave
	}
	return best
}

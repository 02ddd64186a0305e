package game

import (
	"math/big"
	"math/bits"
)

// EnumMixed returns every extreme mixed Nash equilibrium of a two-player
// game: the set gambit-enummixed prints.
//
// Method: with payoffs rescaled to be positive, the equilibria are the
// completely labelled pairs (x, y) ≠ (0, 0) of the best-response polytopes
//
//	P = {x ≥ 0 : Bᵀx ≤ 1},  Q = {y ≥ 0 : Ay ≤ 1},
//
// where label i marks x_i = 0 or row i a best reply, and label m+j marks
// y_j = 0 or column j a best reply; normalising x and y gives the mixed
// strategies. The extreme equilibria — the extreme points of the maximal
// Nash subsets — are exactly the completely labelled pairs of vertices. Both
// polytopes' vertices are enumerated (see vertex.go) and paired through
// their label sets.
//
// Why vertex enumeration rather than support enumeration: in a degenerate
// game (deg1, coord4, winkels, most reduced forms of extensive games) a
// mixed strategy can have more best replies than its support size, the
// supports of an extreme equilibrium can differ in size, and an
// equal-support enumeration both misses equilibria and reports points
// inside a continuum. Vertices of the polytopes are well defined whatever
// the degeneracy: a degenerate vertex is simply one with more labels than
// the dimension, and it pairs with every vertex of the other polytope that
// covers the labels it lacks. Vertex enumeration is also output-sensitive
// (its cost follows the number of vertices, not the 4^n support pairs),
// which is what makes 15×15 games take seconds.
//
// Each equilibrium is then solved again in exact rationals from its labels
// and the equilibrium conditions are checked exactly; see Equilibrium.
// Equilibria are returned in the order their player-1 vertices are found.
// Games with more than 64 strategies in all are refused (label sets are
// bit masks); the number of vertices makes such games impractical anyway.
func EnumMixed(g *Strategic) ([]Equilibrium, error) {
	if len(g.dims) != 2 {
		return nil, ErrNotTwoPlayer
	}
	a, b, m, n := g.matrices()
	if m+n > maxLabels {
		return nil, errTooLarge
	}
	px, qy := bestResponsePolytopes(a, b, m, n)
	vp, vq := px.vertices(), qy.vertices()
	pairs := pairVertices(vp, vq, m+n)
	if len(pairs) == 0 {
		return nil, nil
	}
	ar, br := ratMatrix(a), ratMatrix(b)
	out := make([]Equilibrium, 0, len(pairs))
	for _, pr := range pairs {
		lx, ly := maskLabels(vp[pr[0]].mask, m+n), maskLabels(vq[pr[1]].mask, m+n)
		out = append(out, makeEquilibrium(ar, br, m, n, vp[pr[0]].z, vq[pr[1]].z, lx, ly))
	}
	return out, nil
}

// bestResponsePolytopes returns P (player 1's mixed strategies, with
// player 2's payoffs as constraints) and Q.
func bestResponsePolytopes(a, b []float64, m, n int) (px, qy *polytope) {
	as, bs := rescale(a), rescale(b)
	px = &polytope{d: m, k: n, M: make([]float64, m*n), zLabel: make([]int, m), rLabel: make([]int, n)}
	for j := range n {
		for i := range m {
			px.M[j*m+i] = bs[i*n+j]
		}
		px.rLabel[j] = m + j
	}
	for i := range m {
		px.zLabel[i] = i
	}
	qy = &polytope{d: n, k: m, M: as, zLabel: make([]int, n), rLabel: make([]int, m)}
	for j := range n {
		qy.zLabel[j] = m + j
	}
	for i := range m {
		qy.rLabel[i] = i
	}
	return px, qy
}

// pairVertices returns the index pairs of completely labelled vertex pairs.
// Vertices with exactly the dimension's number of labels (all of them in a
// nondegenerate game) are matched through a hash of their label sets; the
// others, from degenerate games, by scanning.
func pairVertices(vp, vq []polyVertex, labels int) [][2]int {
	all := uint64(1)<<labels - 1
	if labels == 64 {
		all = ^uint64(0)
	}
	byMask := make(map[uint64][]int, len(vq))
	var degQ []int
	dimQ := 0
	if len(vq) > 0 {
		dimQ = len(vq[0].z)
	}
	for i, v := range vq {
		if bits.OnesCount64(v.mask) == dimQ {
			byMask[v.mask] = append(byMask[v.mask], i)
		} else {
			degQ = append(degQ, i)
		}
	}
	var out [][2]int
	for i, v := range vp {
		need := all &^ v.mask
		if bits.OnesCount64(need) == dimQ {
			for _, j := range byMask[need] {
				out = append(out, [2]int{i, j})
			}
			for _, j := range degQ {
				if vq[j].mask&need == need {
					out = append(out, [2]int{i, j})
				}
			}
			continue
		}
		for j, w := range vq {
			if w.mask&need == need {
				out = append(out, [2]int{i, j})
			}
		}
	}
	return out
}

func maskLabels(mask uint64, k int) []bool {
	out := make([]bool, k)
	for l := range out {
		out[l] = mask&(1<<l) != 0
	}
	return out
}

// makeEquilibrium normalises a vertex pair and solves it again exactly from
// the label sets lx of x and ly of y.
func makeEquilibrium(ar, br []*big.Rat, m, n int, x, y []float64, lx, ly []bool) Equilibrium {
	e := Equilibrium{Mixed: Mixed{normalize(x), normalize(y)}}
	// x: zero where labelled i, player 2 indifferent over labels m+j.
	// y: zero where labelled m+j, player 1 indifferent over labels i.
	xr, ok1 := ratSupportSolve(br, m, n, true, lx[:m], lx[m:])
	yr, ok2 := ratSupportSolve(ar, m, n, false, ly[m:], ly[:m])
	if ok1 && ok2 && verifyBimatrix(ar, br, m, n, xr, yr) {
		return exactEquilibrium(xr, yr)
	}
	return e
}

func normalize(z []float64) []float64 {
	var s float64
	for _, v := range z {
		s += v
	}
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = v / s
	}
	return out
}

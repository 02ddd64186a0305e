package game

import (
	"errors"
	"math"
	"sync/atomic"
)

// mixedScratch is EnumMixedInto's part of a Workspace.
type mixedScratch struct {
	a, b   []float64 // rescaled payoffs, m×n row-major
	coords []float64 // vertex coordinates, one row of max(m, n) per vertex
	masks  []uint64
	stop   *atomic.Bool
	sys    []float64
	rhs    []float64
	comb   []int
	z      []float64
	piv    pivotScratch
}

// errSmallTooLarge is returned by EnumMixedInto for games beyond its
// label masks.
var errSmallTooLarge = errors.New("game: EnumMixedInto handles at most 64 strategies in total")

// EnumMixedInto appends to dst every extreme equilibrium of the two-player
// game g, each as m+n probabilities (player 1's, then player 2's), and
// returns the extended slice; the number of equilibria is the growth of
// dst divided by m+n. It finds the same set as EnumMixed, in floating point
// only, and does not allocate once ws and dst have grown to the game's
// size.
//
// It is meant for the games of a Monte Carlo loop. It walks from vertex to
// vertex of each best-response polytope by pivots (small_pivot.go), and
// where a polytope is degenerate, or nearly, it solves instead the system
// of every choice of tight constraints, C(m+n, m) of them (20 for 3×3,
// 12,870 for 8×8), keying degenerate vertices by their label sets so that
// each comes out once. Both give the same equilibria, in the order of the
// second, to the bit.
func EnumMixedInto(ws *Workspace, g *Strategic, dst []float64) ([]float64, error) {
	return enumMixedInto(ws, g, dst, true)
}

// walkMinLabels is the size (strategies of both players) from which the
// pivoting walk pays: up to 4×4 solving every one of the C(m+n, m) ≤ 70
// subsets is cheaper than setting up the walk and re-solving what it finds
// (a 2×2 world cost a third more by the walk).
const walkMinLabels = 8

// enumMixedInto is EnumMixedInto, by the walk when walk is true and by
// subsets alone otherwise (which tests and benchmarks compare).
func enumMixedInto(ws *Workspace, g *Strategic, dst []float64, walk bool) ([]float64, error) {
	if len(g.dims) != 2 {
		return dst, ErrNotTwoPlayer
	}
	m, n := g.dims[0], g.dims[1]
	if m+n > maxLabels {
		return dst, errSmallTooLarge
	}
	sc := &ws.mix
	sc.a = grow(sc.a, m*n)
	sc.b = grow(sc.b, m*n)
	for i := range m {
		for j := range n {
			k := i + j*m
			sc.a[i*n+j] = g.payoffs[2*k]
			sc.b[i*n+j] = g.payoffs[2*k+1]
		}
	}
	rescaleInPlace(sc.a)
	rescaleInPlace(sc.b)
	sc.stop = ws.Stop
	if walk && m+n > walkMinLabels {
		if out, ok, stopped := sc.pivotEquilibria(m, n, dst); stopped {
			return dst, ErrStopped
		} else if ok {
			return out, nil
		}
	}
	return sc.subsetEquilibria(m, n, dst)
}

// subsetEquilibria is EnumMixedInto by subsets, on the rescaled payoffs in
// sc.
func (sc *mixedScratch) subsetEquilibria(m, n int, dst []float64) ([]float64, error) {
	w := max(m, n)
	sc.coords = sc.coords[:0]
	sc.masks = sc.masks[:0]
	// Player 1's polytope: x ∈ R^m, x_i ≥ 0 (label i), Σ_i b_ij x_i ≤ 1
	// (label m+j). Player 2's: y ∈ R^n, Σ_j a_ij y_j ≤ 1 (label i), y_j ≥ 0
	// (label m+j).
	nx, ok := sc.smallVertices(m, n, w, true)
	if !ok {
		return dst, ErrStopped
	}
	ny, ok := sc.smallVertices(n, m, w, false)
	if !ok {
		return dst, ErrStopped
	}
	all := uint64(1)<<(m+n) - 1
	if m+n == 64 {
		all = ^uint64(0)
	}
	for i := range nx {
		for j := nx; j < nx+ny; j++ {
			if sc.masks[i]|sc.masks[j] != all {
				continue
			}
			dst = appendNormalized(dst, sc.coords[i*w:i*w+m])
			dst = appendNormalized(dst, sc.coords[j*w:j*w+n])
		}
	}
	return dst, nil
}

func grow(x []float64, n int) []float64 {
	if cap(x) < n {
		return make([]float64, n)
	}
	return x[:n]
}

func rescaleInPlace(x []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	for i, v := range x {
		if hi > lo {
			x[i] = 1 + (v-lo)/(hi-lo)
		} else {
			x[i] = 1
		}
	}
}

func appendNormalized(dst, z []float64) []float64 {
	var s float64
	for _, v := range z {
		s += v
	}
	for _, v := range z {
		dst = append(dst, v/s)
	}
	return dst
}

// smallVertices appends the nonzero vertices of a best-response polytope in
// dimension d with k payoff constraints to sc.coords (rows of width w) and
// sc.masks, and returns how many it found. rowPlayer says whether the
// polytope is player 1's (constraint r is column r of b, labels: variables
// 0..d-1, constraints d..d+k-1) or player 2's (constraint r is row r of a,
// labels: constraints 0..k-1, variables k..k+d-1).
// smallVertices appends the vertices of one polytope and returns how
// many; ok is false when sc.stop was set on the way.
func (sc *mixedScratch) smallVertices(d, k, w int, rowPlayer bool) (count int, ok bool) {
	total := d + k
	sc.sys = grow(sc.sys, d*d)
	sc.rhs = grow(sc.rhs, d)
	sc.z = grow(sc.z, d)
	if cap(sc.comb) < d {
		sc.comb = make([]int, d)
	}
	comb := sc.comb[:d]
	for i := range comb {
		comb[i] = i
	}
	start := len(sc.masks)
	for systems := 1; ; systems++ {
		if systems%1024 == 0 && sc.stop != nil && sc.stop.Load() {
			return 0, false
		}
		if mask, ok := sc.comboVertex(comb, d, k, rowPlayer); ok && !sc.hasMask(start, mask) {
			sc.masks = append(sc.masks, mask)
			row := len(sc.coords)
			for range w {
				sc.coords = append(sc.coords, 0)
			}
			copy(sc.coords[row:row+d], sc.z)
		}
		// Next combination of d out of total.
		i := d - 1
		for i >= 0 && comb[i] == total-d+i {
			i--
		}
		if i < 0 {
			break
		}
		comb[i]++
		for j := i + 1; j < d; j++ {
			comb[j] = comb[j-1] + 1
		}
	}
	return len(sc.masks) - start, true
}

// ErrStopped is EnumMixedInto's answer when its Workspace's Stop was set.
var ErrStopped = errors.New("equilibrium search stopped")

func (sc *mixedScratch) hasMask(start int, mask uint64) bool {
	for _, m := range sc.masks[start:] {
		if m == mask {
			return true
		}
	}
	return false
}

// comboVertex solves the system of the tight set comb (sorted indices into
// variables 0..d-1, then the k payoff constraints) of one polytope, as
// smallVertices describes it, into sc.z, and returns the label set of the
// solution; ok is false when the system is singular or the solution is
// not a nonzero point of the polytope. Both of EnumMixedInto's paths solve
// their vertices here, so their coordinates agree to the bit.
func (sc *mixedScratch) comboVertex(comb []int, d, k int, rowPlayer bool) (mask uint64, ok bool) {
	sc.sys = grow(sc.sys, d*d)
	sc.rhs = grow(sc.rhs, d)
	sc.z = grow(sc.z, d)
	clear(sc.sys)
	for i, c := range comb {
		if c < d {
			sc.sys[i*d+c] = 1
			sc.rhs[i] = 0
		} else {
			for t := range d {
				sc.sys[i*d+t] = sc.coef(rowPlayer, d, k, c-d, t)
			}
			sc.rhs[i] = 1
		}
	}
	copy(sc.z, sc.rhs[:d])
	// Entries are in [1, 2]: a pivot this small means dependent
	// constraints, which do not define a vertex.
	if !solveDense(sc.sys, sc.z, d, 1e-9) {
		return 0, false
	}
	z := sc.z
	nonzero := false
	for t := range d {
		if z[t] < -vertexTol {
			return 0, false
		}
		if z[t] <= vertexTol {
			z[t] = 0
			mask |= 1 << smallLabel(rowPlayer, d, k, t)
		} else {
			nonzero = true
		}
	}
	for r := range k {
		var s float64
		for t := range d {
			s += sc.coef(rowPlayer, d, k, r, t) * z[t]
		}
		if s > 1+vertexTol {
			return 0, false
		} else if s >= 1-vertexTol {
			mask |= 1 << smallLabel(rowPlayer, d, k, d+r)
		}
	}
	return mask, nonzero
}

// coef is constraint r's coefficient on variable t, in the polytope of
// player 1 (rowPlayer: constraint r is column r of b) or player 2
// (constraint r is row r of a).
func (sc *mixedScratch) coef(rowPlayer bool, d, k, r, t int) float64 {
	if rowPlayer {
		return sc.b[t*k+r]
	}
	return sc.a[r*d+t]
}

// smallLabel is the label of tight set index c (c < d: variable c; else
// constraint c-d).
func smallLabel(rowPlayer bool, d, k, c int) int {
	switch {
	case rowPlayer:
		return c
	case c < d:
		return k + c
	default:
		return c - d
	}
}

package game

import (
	"math"
)

// The dense solves here are hand-written rather than gonum/mat's LU or QR:
// they run inside per-world loops (EnumMixedInto solves one small system
// per support, millions per world for 12×12 games) and must not allocate;
// they need the determinant's sign from the same elimination (the logit
// trace's orientation) and a pivot threshold that says "singular" on the
// game's own scale. gonum/mat (used here for the dominance LPs, which run
// once per game) would allocate a matrix and a factorisation per call, or
// need pooled workspaces threaded through every caller.

// solveMinNorm returns the least-norm x with a·x = b, a being rows×cols
// and possibly rank-deficient (x = aᵀ(a aᵀ + μI)⁻¹b, μ tiny): in a
// degenerate game the equilibrium conditions leave a continuum of
// solutions, and the Newton step of least norm goes to the one nearest the
// traced point.
func solveMinNorm(a, b []float64, rows, cols int) ([]float64, bool) {
	m := make([]float64, rows*rows)
	var top float64
	for i := range rows {
		for j := range rows {
			var s float64
			for k := range cols {
				s += a[i*cols+k] * a[j*cols+k]
			}
			m[i*rows+j] = s
		}
		top = math.Max(top, m[i*rows+i])
	}
	x := make([]float64, cols)
	if top == 0 {
		return x, true
	}
	for i := range rows {
		m[i*rows+i] += 1e-13 * top
	}
	w := append([]float64(nil), b...)
	if !solveDense(m, w, rows, 1e-300) {
		return nil, false
	}
	for k := range cols {
		var s float64
		for i := range rows {
			s += a[i*cols+k] * w[i]
		}
		x[k] = s
	}
	return x, true
}

// solveDense solves the n×n system a·x = b in place (b becomes x) by
// Gaussian elimination with partial pivoting, and reports false when a
// pivot falls below tiny (the matrix is singular to that precision). a is
// destroyed.
func solveDense(a, b []float64, n int, tiny float64) bool {
	ok, _ := solveDenseSign(a, b, n, tiny)
	return ok
}

// solveDenseSign is solveDense that also returns the sign of det(a).
func solveDenseSign(a, b []float64, n int, tiny float64) (bool, float64) {
	sign := 1.0
	for c := range n {
		piv, best := -1, 0.0
		for r := c; r < n; r++ {
			if v := math.Abs(a[r*n+c]); v > best {
				piv, best = r, v
			}
		}
		if piv < 0 || best <= tiny {
			return false, 0
		}
		if a[piv*n+c] < 0 {
			sign = -sign
		}
		if piv != c {
			sign = -sign
			for j := range n {
				a[c*n+j], a[piv*n+j] = a[piv*n+j], a[c*n+j]
			}
			b[c], b[piv] = b[piv], b[c]
		}
		inv := 1 / a[c*n+c]
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] * inv
			if f == 0 {
				continue
			}
			for j := c; j < n; j++ {
				a[r*n+j] -= f * a[c*n+j]
			}
			b[r] -= f * b[c]
		}
	}
	for c := n - 1; c >= 0; c-- {
		s := b[c]
		for j := c + 1; j < n; j++ {
			s -= a[c*n+j] * b[j]
		}
		b[c] = s / a[c*n+c]
		if math.IsNaN(b[c]) || math.IsInf(b[c], 0) {
			return false, 0
		}
	}
	return true, sign
}

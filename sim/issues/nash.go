package issues

import "math"

// nashBound skips the two logs of the Nash score of a package that
// cannot win: where it can prove, from the surpluses alone, that better
// would reject the package against the best so far, the package pass
// does not compute its score. The choice, its ties and its score are
// the same to the bit, since every package that could be chosen is
// scored exactly as before.
//
// The proof. Let S = p0·ln s0 + p1·ln s1 be a package's exact score and
// sc the one computed: two logs (Go's Log is within 1 ulp; we allow 4,
// a relative error of 2⁻⁵⁰), two products and a sum, so
// |sc − S| ≤ (p0·|ln s0| + p1·|ln s1|)·(2⁻⁵⁰ + 3·2⁻⁵³)·1.01. With both
// surpluses in [2⁻³², 2³²] (|ln s| ≤ 22.19) and p0 + p1 ≤ 8 that is at
// most e = 2.2e-13, and |S| ≤ 178. Let b be the best so far, with
// computed score bestSc, and tol = 1e-12·max(1, |bestSc|) ≥ 1e-12 the
// tie tolerance better uses. A package k with both surpluses in range is
// rejected by better in two cases:
//
//   - dominated: s0 ≤ b0 and s1 ≤ b1. Then S_k ≤ S_b (logs increase, the
//     powers are positive), so sc_k ≤ bestSc + 2e < bestSc + tol, and
//     sc_k, a float, is at most the float bestSc + tol rounds to: not a
//     higher score. Its total surplus s0 + s1 rounds to at most b0 + b1,
//     so it does not win a tie either.
//   - clearly worse: since ln r ≤ r − 1, S_k − S_b ≤ B = p0·(s0/b0 − 1) +
//     p1·(s1/b1 − 1). If the computed B, plus a bound on its own rounding
//     error, is below −(tol + 1e-12), then sc_k ≤ bestSc + 2e + B <
//     bestSc − tol − 5e-13, which stays below the float bestSc − tol
//     rounds to (|bestSc| ≤ 178: that rounding moves it by under 4e-14):
//     a lower score, so better says no without looking at the sums.
//
// Packages outside the range, and worlds whose powers exceed the bound,
// are scored with their logs as before; so is the first feasible one.
type nashBound struct {
	batna0, batna1 float64
	power0, power1 float64
	best0, best1   float64 // the best package's surpluses so far
	on             bool    // the powers allow the bound
}

const (
	nashLo       = 0x1p-32 // surpluses the bound covers
	nashHi       = 0x1p32
	nashMaxPower = 8 // p0 + p1
)

func newNashBound(batna0, batna1, power0, power1 float64, on bool) nashBound {
	return nashBound{batna0: batna0, batna1: batna1, power0: power0, power1: power1,
		on: on && power0 > 0 && power1 > 0 && power0+power1 <= nashMaxPower}
}

// loses reports whether better would reject a package with surpluses
// s0, s1 against the best so far, whose computed score is bestSc; false
// when it cannot tell.
func (nb *nashBound) loses(s0, s1, bestSc float64) bool {
	b0, b1 := nb.best0, nb.best1
	if !nb.on || !(inRange(s0) && inRange(s1) && inRange(b0) && inRange(b1)) {
		return false
	}
	if s0 <= b0 && s1 <= b1 {
		return true
	}
	r0, r1 := s0/b0, s1/b1
	bound := nb.power0*(r0-1) + nb.power1*(r1-1)
	// Each of the six operations errs by at most 2⁻⁵³ of the largest
	// magnitude it meets, which is at most p0·r0 + p1·r1 + p0 + p1.
	slack := (nb.power0*(r0+1) + nb.power1*(r1+1)) * 1e-15
	return bound+slack < -(1e-12*math.Max(1, math.Abs(bestSc)) + 1e-12)
}

// inRange says whether the bound covers surplus s (false for NaN).
func inRange(s float64) bool { return s >= nashLo && s <= nashHi }

package sim

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// betaTable is a beta distribution's quantile function tabulated for fast
// inverse-transform sampling. The exact quantile (an iterative inversion
// of the incomplete beta function) costs about a microsecond, three
// quarters of a flagship world. The table is indexed by the bits of the
// tail variable v = min(u, 1−u), with no logarithm: the float's exponent
// picks an octave [2^−o−1, 2^−o) and the top six bits of its mantissa one
// of 64 cells, each holding Q as a cubic (Hermite) in the remaining
// mantissa bits. Every cell spans a ratio of at most 65/64 in v, so the
// power-law tails of Q (Q ~ v^(1/α) near 0) are followed as closely as
// the middle. Below v = 2^−41 (probability 9e−13) draws use the exact
// quantile. betatable_test.go checks the error against gonum's exact
// quantile stays below 1e-9.
type betaTable struct {
	exact   distuv.Beta
	swapped distuv.Beta // beta(β, α): the upper tail through Q(u; α, β) = 1 − Q(1−u; β, α)

	// cells holds, per side (u below ½, then above), octave and cell, the
	// cubic's coefficients in the cell's fraction s: c0 + s(c1 + s(c2 + s·c3)).
	// None: always exact.
	cells []betaCell
}

type betaCell [4]float64

const (
	betaOctaves = 41 // v from 2^-41 to ½
	betaBits    = 6  // mantissa bits that pick a cell: 64 per octave
	betaCells   = 1 << betaBits
	betaSide    = betaOctaves * betaCells
	betaFrac    = 52 - betaBits // the mantissa bits below the cell's: the fraction s
)

// The table's accuracy is checked for shapes in [betaTableMin,
// betaTableMax]; outside, every draw takes the exact quantile. Tiny shapes
// put nearly all the mass in two spikes at 0 and 1, which cubic
// interpolation smears.
const (
	betaTableMin = 0.25
	betaTableMax = 1e4
)

func newBetaTable(alpha, beta float64) *betaTable {
	b := &betaTable{exact: distuv.Beta{Alpha: alpha, Beta: beta}, swapped: distuv.Beta{Alpha: beta, Beta: alpha}}
	if min(alpha, beta) < betaTableMin || max(alpha, beta) > betaTableMax {
		return b
	}
	b.cells = make([]betaCell, 2*betaSide)
	for side, d := range []distuv.Beta{b.exact, b.swapped} {
		// Q and dQ/dv at v: below ½ Q(v), above 1 − Q'(v) of the mirrored
		// beta, which is exact in v where 1 − v would round.
		knot := func(v float64) (q, dq float64) {
			q = tailQuantile(d, v)
			if p := d.Prob(q); p > 0 && !math.IsInf(p, 0) {
				dq = 1 / p
			}
			if side == 1 {
				return 1 - q, -dq
			}
			return q, dq
		}
		var kq, kd [betaCells + 1]float64
		for o := range betaOctaves {
			base := math.Ldexp(1, -1-o) // the octave [base, 2·base)
			w := base / betaCells
			for j := range betaCells + 1 {
				kq[j], kd[j] = knot(base + float64(j)*w)
			}
			for j := range betaCells {
				q0, q1 := kq[j], kq[j+1]
				m0, m1 := kd[j]*w, kd[j+1]*w
				dq := q1 - q0
				b.cells[side*betaSide+o*betaCells+j] = betaCell{q0, m0, 3*dq - 2*m0 - m1, m0 + m1 - 2*dq}
			}
		}
	}
	return b
}

// exactQuantile inverts the incomplete beta function. Above the median it
// inverts the mirrored distribution at 1−u (exact there): gonum's inversion
// near u = 1 can miss by far, e.g. beta(1, 100) at u = 1 − 1e-6 gives
// nearly 1 instead of 0.13. Its far lower tail can miss too for large
// shapes (beta(1000, 1) at u = 2^-54 gives 0, not 0.96), so the answer is
// checked against the CDF and, if it misses, found by bisection.
func (b *betaTable) exactQuantile(u float64) float64 {
	if u > 0.5 {
		return 1 - tailQuantile(b.swapped, 1-u)
	}
	return tailQuantile(b.exact, u)
}

// tailQuantile returns x with CDF(x) = p for p <= 0.5.
func tailQuantile(d distuv.Beta, p float64) float64 {
	x := d.Quantile(p)
	cdf := func(x float64) float64 { return mathext.RegIncBeta(d.Alpha, d.Beta, x) }
	if x >= 0 && x <= 1 && math.Abs(cdf(x)-p) <= 1e-9*p {
		return x
	}
	// Bisect on the bit patterns of [0, 1], which order like the numbers,
	// so that subnormal quantiles of tiny shapes are reached too.
	lo, hi := uint64(0), math.Float64bits(1)
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		if cdf(math.Float64frombits(mid)) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Float64frombits(hi)
}

func (b *betaTable) quantile(u float64) float64 {
	if b.cells == nil {
		return b.exactQuantile(u)
	}
	// v = u below ½, 1 − u (exact) from ½, picked without a branch.
	lower := math.Float64bits(u-0.5) >> 63
	v := pick(-lower, u, 1-u)
	bits := math.Float64bits(v)
	o := 1022 - int(bits>>52) // the octave: 0 for [½, 1)
	if uint(o) >= betaOctaves {
		return b.exactQuantile(u)
	}
	c := &b.cells[int(1-lower)*betaSide+o*betaCells+int(bits>>betaFrac)&(betaCells-1)]
	s := float64(bits&(1<<betaFrac-1)) * (1.0 / (1 << betaFrac))
	q := c[0] + s*(c[1]+s*(c[2]+s*c[3]))
	// math.Max(0, math.Min(1, q)) without the calls: -0 becomes 0, NaN
	// stays.
	if q > 1 {
		return 1
	}
	if q <= 0 {
		return 0
	}
	return q
}

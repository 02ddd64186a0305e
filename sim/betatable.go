package sim

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// betaTable is a beta distribution's quantile function tabulated for fast
// inverse-transform sampling. The exact quantile (an iterative inversion
// of the incomplete beta function) costs about a microsecond, three
// quarters of a flagship world. The table holds Q and dQ/dt on a grid
// uniform in t = logit(u), where the tails of Q are smooth (Q ~ e^(t/α)),
// and interpolates by cubic Hermite; beyond the grid, draws use the exact
// quantile. betatable_test.go checks the error stays below 1e-9.
type betaTable struct {
	exact   distuv.Beta
	swapped distuv.Beta // beta(β, α): the upper tail through Q(u; α, β) = 1 − Q(1−u; β, α)
	t0, h   float64     // grid start and step in t
	q, dq   []float64   // Q and dQ/dt at the grid points; none: always exact

	// knots holds, per grid point, Q and dQ/dt·h (the Hermite slope as
	// the interpolation uses it, the same product computed once): side
	// by side, one interpolation reads one or two cache lines rather
	// than four, and two beta parameters' tables (64 kB) do not fit in
	// the first-level cache.
	knots []betaKnot
}

type betaKnot struct{ q, m float64 }

const (
	betaGrid = 2048
	betaTMax = 14.0 // u from 8.3e-7 to 1 − 8.3e-7
)

// The table's accuracy is checked for shapes in [betaTableMin,
// betaTableMax]; outside, every draw takes the exact quantile. Tiny shapes
// put nearly all the mass in two spikes at 0 and 1, which cubic
// interpolation in logit(u) smears.
const (
	betaTableMin = 0.25
	betaTableMax = 1e4
)

func newBetaTable(alpha, beta float64) *betaTable {
	b := &betaTable{exact: distuv.Beta{Alpha: alpha, Beta: beta}, swapped: distuv.Beta{Alpha: beta, Beta: alpha},
		t0: -betaTMax, h: 2 * betaTMax / (betaGrid - 1)}
	if min(alpha, beta) < betaTableMin || max(alpha, beta) > betaTableMax {
		return b
	}
	b.q = make([]float64, betaGrid)
	b.dq = make([]float64, betaGrid)
	for i := range betaGrid {
		t := b.t0 + float64(i)*b.h
		u := 1 / (1 + math.Exp(-t))
		q := b.exactQuantile(u)
		b.q[i] = q
		// dQ/dt = dQ/du · du/dt = u(1−u) / pdf(Q).
		if p := b.exact.Prob(q); p > 0 && !math.IsInf(p, 0) {
			b.dq[i] = u * (1 - u) / p
		}
	}
	b.knots = make([]betaKnot, betaGrid)
	for i := range b.knots {
		b.knots[i] = betaKnot{q: b.q[i], m: b.dq[i] * b.h}
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
	if b.q == nil {
		return b.exactQuantile(u)
	}
	t := math.Log(u / (1 - u))
	x := (t - b.t0) / b.h
	if !(x >= 0 && x < betaGrid-1) { // also NaN and ±Inf, whose int conversion is undefined
		return b.exactQuantile(u)
	}
	i := int(x)
	s := x - float64(i)
	k := b.knots[i : i+2 : i+2]
	q0, q1 := k[0].q, k[1].q
	m0, m1 := k[0].m, k[1].m
	s2, s3 := s*s, s*s*s
	v := (2*s3-3*s2+1)*q0 + (s3-2*s2+s)*m0 + (-2*s3+3*s2)*q1 + (s3-s2)*m1
	// math.Max(0, math.Min(1, v)) without the calls: -0 becomes 0, NaN
	// stays.
	if v > 1 {
		return 1
	}
	if v <= 0 {
		return 0
	}
	return v
}

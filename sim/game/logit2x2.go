package game

import "math"

// The logit limit of a 2×2 game in closed form.
//
// Write p and q for the probabilities of the first strategies of the row
// and column players, x = ln(p/(1−p)), y = ln(q/(1−q)), and
//
//	D1(q) = r0 + (r1−r0) q,  D2(p) = c0 + (c1−c0) p
//
// for each player's payoff advantage of its first strategy over its second
// (r0, r1: the row player's when the column player plays its second, first
// strategy; c0, c1 likewise). The logit equilibria at λ are the solutions of
// x = λ D1(σ(y)), y = λ D2(σ(x)), σ the logistic function. Eliminating λ
// separates the variables: every such point lies on the curve
//
//	f(x) = g(y),  f(x) = x D2(σ(x)),  g(y) = y D1(σ(y)),
//
// (both sides are xy/λ), and λ = x/D1(σ(y)) = y/D2(σ(x)) is read back from
// the point. λ vanishes only at the centroid (0, 0) and is infinite only at
// the mixed equilibrium (x*, y*), where D1 and D2 vanish.
//
// In a coordination game (two strict equilibria on the diagonal and a mixed
// one; an anti-coordination game is one after the column player's
// strategies are swapped) f has a single minimum f_min < 0, between its two
// zeros 0 and x*, and f(x) → ∞ as |x| → ∞; likewise g. When f_min < g_min
// the curve has two components, {x < x_f} and {x > x_f}: each level c ≥
// g_min meets f twice, once on either side, and g twice, the two g points
// joining at c = g_min. The centroid and the mixed equilibrium lie on
// different components (0 and x* are the two zeros of f, on either side of
// its minimum), and the component of the centroid carries no other point
// with λ = 0 or λ = ∞: from the centroid, the branch with λ > 0 runs to the
// end of its component, x → −∞ (both players' second strategies) when x* >
// 0, x → +∞ (both first) when x* < 0. When g_min < f_min the same holds with
// y and y*. So the principal branch ends at the equilibrium that the player
// with the deeper minimum favours, the one whose own strategy is safer
// against an opponent mixing evenly. Writing f_min = (c1−c0) φ(p*), φ(p) =
// min_x x(σ(x) − p) (which depends on the game only through p*), makes the
// comparison one of the players' payoff scales times a universal function
// of their equilibrium mixtures. In a symmetric game the two minima tie and
// the rule is risk dominance; in general it is not (Zhang and Hofbauer,
// "Quantal response methods for equilibrium selection in 2×2 coordination
// games", GEB 97, 2016, show the risk dominant equilibrium need not be
// selected).
//
// When both players favour the same equilibrium (x* and y* of one sign)
// the path runs from the centroid along levels c ≥ 0, away from both
// minima, and the answer does not depend on which is deeper: symmetric
// games, whose minima tie, are answered so. When they pull apart, the
// closed form is trusted only away from ties between the minima, where the
// traced path passes close to the crossing of the two components and
// tracing might step across it; there, and in every degenerate game (a
// payoff advantage of zero), where the equilibrium is mixed (whose exact
// value LogitLimit computes in rationals), and where a payoff advantage is
// tiny beside the payoff range (the trace stops before it resolves it),
// LogitLimitInto traces as LogitLimit does. TestPropLogit2x2 checks the
// closed form against the tracer.

// logit2x2TieTol is how close (relative) the two minima may be before the
// closed form defers to the tracer; see TestPropLogit2x2.
const logit2x2TieTol = 1e-3

// logit2x2 returns the logit limit of a 2×2 game as the pure profile
// (row, col) when the closed form applies; ok is false otherwise.
func logit2x2(pay []float64) (row, col int, ok bool) {
	// pay[2k] is the row player's payoff at profile k = i + 2j.
	a := func(i, j int) float64 { return pay[2*(i+2*j)] }
	b := func(i, j int) float64 { return pay[2*(i+2*j)+1] }
	r0, r1 := a(0, 1)-a(1, 1), a(0, 0)-a(1, 0)
	c0, c1 := b(1, 0)-b(1, 1), b(0, 0)-b(0, 1)
	if !(r0 != 0 && r1 != 0 && c0 != 0 && c1 != 0) || math.IsInf(r0+r1+c0+c1, 0) {
		return 0, 0, false // a tie, a NaN or an overflow: degenerate
	}
	rowDom, colDom := (r0 > 0) == (r1 > 0), (c0 > 0) == (c1 > 0)
	switch {
	case rowDom:
		// The unique equilibrium: the dominant strategy and the
		// opponent's strict best reply to it.
		row = 1
		if r0 > 0 {
			row = 0
		}
		adv := c0 // column's advantage of its first strategy against row's second
		if row == 0 {
			adv = c1
		}
		return row, boolIndex(adv < 0), true
	case colDom:
		col = 1
		if c0 > 0 {
			col = 0
		}
		adv := r0
		if col == 0 {
			adv = r1
		}
		return boolIndex(adv < 0), col, true
	}
	swap := false
	if (r1 > 0) != (c1 > 0) {
		return 0, 0, false // no pure equilibrium: the limit is the mixed one
	}
	if r1 < 0 {
		// Anti-coordination: swapping the column player's strategies
		// makes it a coordination game (q becomes 1−q).
		swap = true
		r0, r1 = r1, r0
		c0, c1 = -c0, -c1
	}
	// Now r0 < 0 < r1 and c0 < 0 < c1.
	pStar, qStar := c0/(c0-c1), r0/(r0-r1)
	if math.Abs(pStar-0.5) <= 1e-9 || math.Abs(qStar-0.5) <= 1e-9 {
		return 0, 0, false
	}
	star := pStar
	if (pStar > 0.5) != (qStar > 0.5) {
		// The players pull apart, and the one with the deeper minimum
		// decides. (When they pull together the path from the centroid
		// runs along c = f(x) = g(y) from 0 up, away from both minima,
		// whichever is deeper, and near-ties, symmetric games included,
		// do not matter.)
		wCol := (c1 - c0) * -logitPhi(pStar) // −f_min
		wRow := (r1 - r0) * -logitPhi(qStar) // −g_min
		if !(wCol > 0 && wRow > 0) || math.Abs(wCol-wRow) <= logit2x2TieTol*math.Max(wCol, wRow) {
			return 0, 0, false
		}
		if wRow > wCol {
			star = qStar
		}
	}
	// Second strategies when the deciding mixture is above one half.
	row = boolIndex(star > 0.5)
	col = row
	if swap {
		col = 1 - col
	}
	return row, col, true
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// logitPhi returns φ(p) = min over x of x(σ(x) − p), for 0 < p < 1: the
// minimum is where σ(x) − p + xσ(x)(1−σ(x)) = 0, a function increasing in x
// on [−x0, x0] (x0 tanh(x0/2) = 2) and outside [0, 1] beyond, found by
// Newton's method kept inside a bracket. φ(p) = φ(1−p) ≤ 0, zero at p = ½.
func logitPhi(p float64) float64 {
	const x0 = 2.3993572805154676
	h := func(x float64) float64 {
		s := 1 / (1 + math.Exp(-x))
		return s - p + x*s*(1-s)
	}
	lo, hi := -x0, x0
	x := math.Log(p/(1-p)) / 2 // between 0 and the other zero of x(σ(x) − p)
	for range 60 {
		v := h(x)
		if v > 0 {
			hi = x
		} else {
			lo = x
		}
		s := 1 / (1 + math.Exp(-x))
		d := s * (1 - s) * (2 - x*math.Tanh(x/2))
		nx := x - v/d
		if !(nx > lo && nx < hi) {
			nx = (lo + hi) / 2
		}
		if math.Abs(nx-x) <= 1e-15*(1+math.Abs(x)) {
			x = nx
			break
		}
		x = nx
	}
	s := 1 / (1 + math.Exp(-x))
	return x * (s - p)
}

// LogitLimitInto is LogitLimit for the per-world loop of a Monte Carlo run:
// it writes the limit into dst, shaped like g's strategies (dst[p][s] for
// player p's strategy s), and returns the Method LogitLimit would report,
// with LogitLimit's error.
//
// On 2×2 games it answers in closed form, without tracing and without
// allocating, wherever that form is safe (see logit2x2.go): a unique
// pure equilibrium, or two strict pure equilibria whose players' pulls
// are not nearly tied and whose payoff advantages are not tiny beside
// the payoff range (where the trace, which stops at λ = 1e6 over that
// range, cannot resolve them). Everywhere else, and on larger games, it
// calls LogitLimit and copies its answer. The profile is LogitLimit's, to
// the bit; so is the method, except in the rare game (a few in ten
// thousand near-symmetric draws in the property test) where LogitLimit's
// trace fails at its start and it falls back to the nearest enumerated
// equilibrium: that is the same profile, which LogitLimitInto reports as
// MethodLogit.
func LogitLimitInto(ws *Workspace, g *Strategic, dst Mixed) (method string, err error) {
	if len(g.dims) == 2 && g.dims[0] == 2 && g.dims[1] == 2 && logit2x2Resolved(g.payoffs) {
		if row, col, ok := logit2x2(g.payoffs); ok {
			dst[0][0], dst[0][1] = 0, 0
			dst[1][0], dst[1][1] = 0, 0
			dst[0][row], dst[1][col] = 1, 1
			return MethodLogit, nil
		}
	}
	e, err := LogitLimit(g, LogitOptions{})
	for p := range dst {
		copy(dst[p], e.Mixed[p])
	}
	return e.Method, err
}

// logit2x2MinAdvantage is the smallest payoff advantage, relative to the
// range of all payoffs, at which the closed form is used: below it the
// trace's end point (λ = 1e6 over the range) may be too far from the
// limit for LogitLimit to refine, and LogitLimit falls back to another
// method, which LogitLimitInto must report as it does.
const logit2x2MinAdvantage = 1e-2

// logit2x2Resolved reports whether every payoff advantage of a 2×2 game is
// at least logit2x2MinAdvantage times the payoff range.
func logit2x2Resolved(pay []float64) bool {
	lo, hi := pay[0], pay[0]
	for _, v := range pay[1:] {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	tiny := logit2x2MinAdvantage * (hi - lo)
	for _, k := range [4][2]int{{0, 2}, {4, 6}, {1, 5}, {3, 7}} {
		// Row: (0,0)−(1,0), (0,1)−(1,1); column: (0,0)−(0,1), (1,0)−(1,1).
		if !(math.Abs(pay[k[0]]-pay[k[1]]) >= tiny) {
			return false
		}
	}
	return true
}

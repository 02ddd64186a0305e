package game

import "math"

// Mixed is a mixed-strategy profile: Mixed[p][s] is the probability that
// player p plays strategy s.
type Mixed [][]float64

// Uniform returns the centroid of g's strategy space: every player mixes
// uniformly.
func Uniform(g *Strategic) Mixed {
	m := make(Mixed, len(g.dims))
	for p, d := range g.dims {
		m[p] = make([]float64, d)
		for s := range m[p] {
			m[p][s] = 1 / float64(d)
		}
	}
	return m
}

// Pure returns the mixed profile that puts probability one on a pure profile.
func Pure(g *Strategic, profile []int) Mixed {
	m := make(Mixed, len(g.dims))
	for p, d := range g.dims {
		m[p] = make([]float64, d)
		m[p][profile[p]] = 1
	}
	return m
}

// Flat returns the probabilities of every player, in player order, in one
// slice: the layout of a line of Gambit's output.
func (m Mixed) Flat() []float64 {
	var n int
	for _, x := range m {
		n += len(x)
	}
	out := make([]float64, 0, n)
	for _, x := range m {
		out = append(out, x...)
	}
	return out
}

// Clone returns a deep copy of m.
func (m Mixed) Clone() Mixed {
	c := make(Mixed, len(m))
	for p := range m {
		c[p] = append([]float64(nil), m[p]...)
	}
	return c
}

// profileWeights calls f for every pure profile with positive probability
// under m, excluding player skip's own probability (skip < 0 excludes no
// one); f gets the profile number, the probability and the strategy of skip.
func (g *Strategic) profileWeights(m Mixed, skip int, f func(k int, w float64, s int)) {
	n := len(g.dims)
	idx := make([]int, n)
	for k := 0; k < len(g.payoffs)/n; k++ {
		w := 1.0
		for p := range n {
			if p != skip {
				w *= m[p][idx[p]]
			}
		}
		if w != 0 {
			s := -1
			if skip >= 0 {
				s = idx[skip]
			}
			f(k, w, s)
		}
		for p := range n {
			idx[p]++
			if idx[p] < g.dims[p] {
				break
			}
			idx[p] = 0
		}
	}
}

// ExpectedPayoffs returns every player's expected payoff under m.
func (g *Strategic) ExpectedPayoffs(m Mixed) []float64 {
	n := len(g.dims)
	out := make([]float64, n)
	g.profileWeights(m, -1, func(k int, w float64, _ int) {
		for p := range n {
			out[p] += w * g.payoffs[k*n+p]
		}
	})
	return out
}

// StrategyPayoffs returns, in dst (allocated when too short), player p's
// expected payoff from each of its pure strategies when the others play m.
func (g *Strategic) StrategyPayoffs(m Mixed, p int, dst []float64) []float64 {
	d := g.dims[p]
	if cap(dst) < d {
		dst = make([]float64, d)
	}
	dst = dst[:d]
	clear(dst)
	n := len(g.dims)
	g.profileWeights(m, p, func(k int, w float64, s int) {
		dst[s] += w * g.payoffs[k*n+p]
	})
	return dst
}

// Regrets returns, for each player, the most it gains by deviating
// unilaterally from m to a pure strategy (zero or more up to rounding).
func Regrets(g *Strategic, m Mixed) []float64 {
	out := make([]float64, len(g.dims))
	var buf []float64
	for p := range g.dims {
		buf = g.StrategyPayoffs(m, p, buf)
		best, cur := math.Inf(-1), 0.0
		for s, v := range buf {
			best = math.Max(best, v)
			cur += m[p][s] * v
		}
		out[p] = best - cur
	}
	return out
}

// MaxGain returns the largest gain any player gets from a unilateral
// deviation from m: zero exactly at a Nash equilibrium. It is the measure
// the tests hold every reported equilibrium to.
func MaxGain(g *Strategic, m Mixed) float64 {
	var worst float64
	for _, r := range Regrets(g, m) {
		worst = math.Max(worst, r)
	}
	return worst
}

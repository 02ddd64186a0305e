package game

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// DominanceOptions controls IteratedDominance.
type DominanceOptions struct {
	// Mixed also eliminates strategies strictly dominated by a mixture of
	// the player's other surviving strategies (one linear program per
	// strategy), not only by a single pure strategy.
	Mixed bool
}

// Elimination records one strategy removed by IteratedDominance.
type Elimination struct {
	// Round is the 1-based round in which the strategy was removed.
	Round int
	// Player and Strategy index the strategy in the original game.
	Player, Strategy int
	// By is the dominating mixed strategy, over the player's strategies
	// in the original game (a unit vector for pure dominance).
	By []float64
}

// IteratedDominance removes strictly dominated strategies until none is
// left and returns the surviving strategies of each player (indices into g,
// increasing) and the eliminations in order.
//
// Each round tests every surviving strategy of every player against the
// game as it stood at the start of the round, then removes all the
// dominated ones at once; for strict dominance the survivors do not depend
// on the order of removal. A strategy is dominated by a pure strategy when
// another one pays strictly more against every surviving profile of the
// others. With opts.Mixed, a strategy s not so dominated is tested by the
// linear program
//
//	minimise Σ_t w_t  subject to  Σ_t w_t U(t, o) ≥ U(s, o) for every o, w ≥ 0,
//
// U being the player's payoffs shifted to be at least 1 and o ranging over
// the others' surviving profiles: s is strictly dominated by a mixture of
// the other strategies exactly when the optimum is below 1, w/Σw being the
// mixture. Pure dominance must beat by 1e-9 of the payoff range, and the
// linear program must end below 1 - 1e-9.
func IteratedDominance(g *Strategic, opts DominanceOptions) (survivors [][]int, seq []Elimination, err error) {
	n := len(g.dims)
	alive := make([][]int, n)
	for p, d := range g.dims {
		for s := range d {
			alive[p] = append(alive[p], s)
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range g.payoffs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	margin := 1e-9 * math.Max(hi-lo, 1e-300)
	for round := 1; ; round++ {
		var found []Elimination
		for p := range n {
			if len(alive[p]) < 2 {
				continue
			}
			others := opponentBases(g, alive, p)
			for _, s := range alive[p] {
				by, err := dominator(g, alive[p], others, p, s, opts.Mixed, margin, lo)
				if err != nil {
					return nil, nil, err
				}
				if by != nil {
					found = append(found, Elimination{Round: round, Player: p, Strategy: s, By: by})
				}
			}
		}
		if len(found) == 0 {
			return alive, seq, nil
		}
		for _, e := range found {
			for i, s := range alive[e.Player] {
				if s == e.Strategy {
					alive[e.Player] = append(alive[e.Player][:i], alive[e.Player][i+1:]...)
					break
				}
			}
		}
		seq = append(seq, found...)
	}
}

// opponentBases returns the profile numbers of the surviving profiles of
// the players other than p, with p's own strategy 0.
func opponentBases(g *Strategic, alive [][]int, p int) []int {
	bases := []int{0}
	for q := range g.dims {
		if q == p {
			continue
		}
		next := make([]int, 0, len(bases)*len(alive[q]))
		for _, b := range bases {
			for _, s := range alive[q] {
				next = append(next, b+s*g.strides[q])
			}
		}
		bases = next
	}
	return bases
}

// dominator returns a strategy of p that strictly dominates s, or nil.
func dominator(g *Strategic, own, others []int, p, s int, mixed bool, margin, lo float64) ([]float64, error) {
	n := len(g.dims)
	st := g.strides[p]
	pay := func(t, base int) float64 { return g.payoffs[(base+t*st)*n+p] }
	for _, t := range own {
		if t == s {
			continue
		}
		ok := true
		for _, b := range others {
			if pay(t, b) <= pay(s, b)+margin {
				ok = false
				break
			}
		}
		if ok {
			by := make([]float64, g.dims[p])
			by[t] = 1
			return by, nil
		}
	}
	if !mixed || len(own) < 3 {
		return nil, nil // with two strategies, mixed dominance is pure dominance
	}
	var cand []int
	for _, t := range own {
		if t != s {
			cand = append(cand, t)
		}
	}
	rows, k := len(others), len(cand)
	a := mat.NewDense(rows, k+rows, nil)
	b := make([]float64, rows)
	c := make([]float64, k+rows)
	for j := range k {
		c[j] = 1
	}
	for r, base := range others {
		for j, t := range cand {
			a.Set(r, j, pay(t, base)-lo+1)
		}
		a.Set(r, k+r, -1)
		b[r] = pay(s, base) - lo + 1
	}
	opt, x, err := lp.Simplex(c, a, b, 1e-12, nil)
	if err != nil {
		return nil, fmt.Errorf("game: dominance test of player %d strategy %d: %w", p+1, s+1, err)
	}
	if opt >= 1-1e-9 {
		return nil, nil
	}
	by := make([]float64, g.dims[p])
	for j, t := range cand {
		by[t] = x[j] / opt
	}
	return by, nil
}

// Restrict returns the game in which each player p keeps only the
// strategies keep[p] (indices into g, in the order given), with their
// names.
func (g *Strategic) Restrict(keep [][]int) *Strategic {
	dims := make([]int, len(keep))
	for p := range keep {
		dims[p] = len(keep[p])
	}
	h := NewStrategic(dims...)
	h.Title, h.Comment = g.Title, g.Comment
	for p := range keep {
		h.players[p] = g.players[p]
		for i, s := range keep[p] {
			h.strategies[p][i] = g.strategies[p][s]
		}
	}
	n := len(dims)
	prof := make([]int, n)
	orig := make([]int, n)
	for k := range h.NumProfiles() {
		prof = h.Profile(k, prof)
		for p, i := range prof {
			orig[p] = keep[p][i]
		}
		copy(h.payoffs[k*n:(k+1)*n], g.payoffs[g.Index(orig)*n:])
	}
	return h
}

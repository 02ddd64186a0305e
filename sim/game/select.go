package game

// Equilibrium selection for Monte Carlo summaries: when a sampled world's
// game has several equilibria, these pick one by a stated criterion.
// LogitLimit is the third criterion: the equilibrium the logit tracing
// procedure leads to from the centroid.

// PayoffDominant returns the index of the profile in eqs that payoff
// dominates every other one in the sense of Harsanyi and Selten — every
// player's expected payoff is strictly higher there than at each other
// profile — or -1 when no profile does.
func PayoffDominant(g *Strategic, eqs []Mixed) int {
	pay := make([][]float64, len(eqs))
	for i, e := range eqs {
		pay[i] = g.ExpectedPayoffs(e)
	}
	for i := range eqs {
		ok := true
		for j := range eqs {
			if i == j {
				continue
			}
			for p := range pay[i] {
				if pay[i][p] <= pay[j][p] {
					ok = false
					break
				}
			}
			if !ok {
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// RiskDominant applies Harsanyi and Selten's risk dominance to a 2×2 game
// with two strict pure equilibria on a diagonal, (r, c) and (1-r, 1-c): the
// one with the larger product of the two players' losses from deviating
// alone risk-dominates. It returns that equilibrium as a pure profile, and
// ok false when the game is not of that kind or the products tie.
func RiskDominant(g *Strategic) (profile []int, ok bool) {
	if len(g.dims) != 2 || g.dims[0] != 2 || g.dims[1] != 2 {
		return nil, false
	}
	u := func(p, r, c int) float64 { return g.payoffs[(r+2*c)*2+p] }
	strict := func(r, c int) bool {
		return u(0, r, c) > u(0, 1-r, c) && u(1, r, c) > u(1, r, 1-c)
	}
	for c := range 2 {
		if !strict(0, c) || !strict(1, 1-c) {
			continue
		}
		loss := func(r, c int) float64 {
			return (u(0, r, c) - u(0, 1-r, c)) * (u(1, r, c) - u(1, r, 1-c))
		}
		a, b := loss(0, c), loss(1, 1-c)
		switch {
		case a > b:
			return []int{0, c}, true
		case b > a:
			return []int{1, 1 - c}, true
		}
		return nil, false
	}
	return nil, false
}

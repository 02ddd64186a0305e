package game_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/parley-dev/parley/sim/game"
)

// genGame draws a game with the given number of players, up to maxDim
// strategies each. Small integer payoffs make degenerate games common;
// otherwise payoffs are uniform in [0, 1) from a drawn seed, which makes
// the game nondegenerate with probability one.
func genGame(t *rapid.T, players, maxDim int, ints bool) *game.Strategic {
	dims := make([]int, players)
	for p := range dims {
		dims[p] = rapid.IntRange(1, maxDim).Draw(t, "dim")
	}
	g := game.NewStrategic(dims...)
	pay := g.Payoffs()
	if ints {
		for i := range pay {
			pay[i] = float64(rapid.IntRange(0, 3).Draw(t, "payoff"))
		}
		return g
	}
	rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
	for i := range pay {
		pay[i] = rng.Float64()
	}
	return g
}

func indexOfEq(eqs []game.Equilibrium, e game.Equilibrium, tol float64) int {
	a := e.Mixed.Flat()
	return slices.IndexFunc(eqs, func(f game.Equilibrium) bool {
		b := f.Mixed.Flat()
		for i := range a {
			if math.Abs(a[i]-b[i]) > tol {
				return false
			}
		}
		return true
	})
}

// TestPropTwoPlayer checks, on random two-player games, degenerate or not,
// that every reported equilibrium is one, that the two vertex enumerations
// (pivoting in EnumMixed, subsets in EnumMixedInto) agree, and that the pure
// and Lemke–Howson equilibria are among the extreme ones.
func TestPropTwoPlayer(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGame(t, 2, 5, rapid.Bool().Draw(t, "ints"))
		eqs, err := game.EnumMixed(g)
		if err != nil {
			t.Fatal(err)
		}
		if len(eqs) == 0 {
			t.Fatal("no equilibrium found; every finite game has one")
		}
		for _, e := range eqs {
			if gain := game.MaxGain(g, e.Mixed); gain > 1e-9 {
				t.Fatalf("%s gains %g", e, gain)
			}
			if indexOfEq(eqs, e, 1e-9) != indexOfEq(eqs, e, 0) {
				t.Fatalf("%s reported twice", e)
			}
		}
		var ws game.Workspace
		flat, err := game.EnumMixedInto(&ws, g, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, n := g.NumStrategies(0), g.NumStrategies(1)
		if len(flat) != len(eqs)*(m+n) {
			t.Fatalf("EnumMixedInto found %d equilibria, EnumMixed %d", len(flat)/(m+n), len(eqs))
		}
		for i := 0; i < len(flat); i += m + n {
			e := game.Equilibrium{Mixed: game.Mixed{flat[i : i+m], flat[i+m : i+m+n]}}
			if indexOfEq(eqs, e, 1e-9) < 0 {
				t.Fatalf("EnumMixedInto's %s not found by EnumMixed", e)
			}
		}
		for _, p := range game.EnumPure(g) {
			if indexOfEq(eqs, game.Equilibrium{Mixed: game.Pure(g, p)}, 0) < 0 {
				t.Fatalf("pure equilibrium %v missing from EnumMixed", p)
			}
		}
		all, err := game.LemkeHowsonAll(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range all {
			if indexOfEq(eqs, e, 1e-9) < 0 {
				t.Fatalf("Lemke–Howson's %s is not an extreme equilibrium", e)
			}
		}
		surv, _, err := game.IteratedDominance(g, game.DominanceOptions{Mixed: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range eqs {
			for p := range e.Mixed {
				for s, v := range e.Mixed[p] {
					if v > 0 && !slices.Contains(surv[p], s) {
						t.Fatalf("%s plays strategy %d of player %d, which was eliminated", e, s+1, p+1)
					}
				}
			}
		}
	})
}

// TestPropNondegenerate checks, on generic games, that vertex enumeration
// finds exactly what a support enumeration finds, that the number of
// equilibria is odd, and that every Lemke–Howson path ends at one of them.
func TestPropNondegenerate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGame(t, 2, 5, false)
		eqs, err := game.EnumMixed(g)
		if err != nil {
			t.Fatal(err)
		}
		ref := supportEnum(g)
		if len(ref) != len(eqs) {
			t.Fatalf("support enumeration finds %d equilibria, EnumMixed %d", len(ref), len(eqs))
		}
		for _, e := range ref {
			if indexOfEq(eqs, e, 1e-7) < 0 {
				t.Fatalf("support enumeration's %s missing", e)
			}
		}
		if len(eqs)%2 != 1 {
			t.Fatalf("%d equilibria in a nondegenerate game", len(eqs))
		}
		each, err := game.LemkeHowsonEach(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range each {
			if indexOfEq(eqs, e, 1e-9) < 0 {
				t.Fatalf("LemkeHowsonEach's %s is not an equilibrium", e)
			}
		}
		for k := range g.NumStrategies(0) + g.NumStrategies(1) {
			e, err := game.LemkeHowson(g, k)
			if err != nil {
				t.Fatal(err)
			}
			if indexOfEq(eqs, e, 1e-9) < 0 {
				t.Fatalf("LemkeHowson(%d) = %s, not among the equilibria", k, e)
			}
		}
	})
}

// supportEnum is a reference solver for nondegenerate games: for every pair
// of supports of equal size, solve the indifference equations and keep the
// solutions that are best replies.
func supportEnum(g *game.Strategic) []game.Equilibrium {
	m, n := g.NumStrategies(0), g.NumStrategies(1)
	a := func(i, j int) float64 { return g.Payoff([]int{i, j}, 0) }
	b := func(i, j int) float64 { return g.Payoff([]int{i, j}, 1) }
	var out []game.Equilibrium
	for I := 1; I < 1<<m; I++ {
		for J := 1; J < 1<<n; J++ {
			rows, cols := bitsOf(I), bitsOf(J)
			if len(rows) != len(cols) {
				continue
			}
			// y on cols makes rows indifferent; x on rows makes cols
			// indifferent.
			y, ok1 := indifference(len(cols), func(r, c int) float64 { return a(rows[r], cols[c]) })
			x, ok2 := indifference(len(rows), func(r, c int) float64 { return b(rows[c], cols[r]) })
			if !ok1 || !ok2 {
				continue
			}
			mx := game.Mixed{make([]float64, m), make([]float64, n)}
			for i, r := range rows {
				mx[0][r] = x[i]
			}
			for j, c := range cols {
				mx[1][c] = y[j]
			}
			if game.MaxGain(g, mx) <= 1e-9 {
				out = append(out, game.Equilibrium{Mixed: mx})
			}
		}
	}
	return out
}

func bitsOf(x int) []int {
	var out []int
	for i := 0; x > 0; i, x = i+1, x>>1 {
		if x&1 != 0 {
			out = append(out, i)
		}
	}
	return out
}

// indifference solves Σ_c coef(r, c) z_c = v for all r, Σ z = 1, z ≥ 0.
func indifference(k int, coef func(r, c int) float64) ([]float64, bool) {
	// Unknowns z_0..z_{k-1}, v; k+1 equations.
	w := k + 1
	a := make([][]float64, w)
	for r := range k {
		a[r] = make([]float64, w+1)
		for c := range k {
			a[r][c] = coef(r, c)
		}
		a[r][k] = -1
	}
	a[k] = make([]float64, w+1)
	for c := range k {
		a[k][c] = 1
	}
	a[k][w] = 1
	for c := range w {
		p := c
		for r := c + 1; r < w; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return nil, false
		}
		a[c], a[p] = a[p], a[c]
		for r := range w {
			if r != c {
				f := a[r][c] / a[c][c]
				for j := c; j <= w; j++ {
					a[r][j] -= f * a[c][j]
				}
			}
		}
	}
	z := make([]float64, k)
	for c := range k {
		z[c] = a[c][w] / a[c][c]
		if z[c] < -1e-12 {
			return nil, false
		}
	}
	return z, true
}

// TestPropPureNPlayer checks EnumPure against the definition on random
// games of two to four players.
func TestPropPureNPlayer(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGame(t, rapid.IntRange(1, 4).Draw(t, "players"), 3, true)
		pure := game.EnumPure(g)
		var ws game.Workspace
		into := game.EnumPureInto(&ws, g, nil)
		if len(into) != len(pure) {
			t.Fatalf("EnumPureInto found %d, EnumPure %d", len(into), len(pure))
		}
		k := 0
		for idx := range g.NumProfiles() {
			prof := g.Profile(idx, nil)
			isEq := game.MaxGain(g, game.Pure(g, prof)) == 0
			listed := k < len(pure) && slices.Equal(pure[k], prof)
			if isEq != listed {
				t.Fatalf("profile %v: equilibrium %v, listed %v", prof, isEq, listed)
			}
			if listed {
				k++
			}
		}
	})
}

// TestPropLogit checks that the traced QRE at a given λ is a fixed point of
// the logit response, and that the refined limit, when it is reported as
// exact or refined, is an equilibrium.
func TestPropLogit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGame(t, rapid.IntRange(2, 3).Draw(t, "players"), 3, false)
		lambda := rapid.Float64Range(0.1, 50).Draw(t, "lambda")
		q, err := game.Logit(g, game.LogitOptions{Lambda: lambda})
		if err != nil {
			t.Fatal(err)
		}
		if d := logitResidual(g, q); d > 1e-8 {
			t.Fatalf("QRE at λ=%g is %g from its logit response", lambda, d)
		}
		lim, err := game.LogitLimit(g, game.LogitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if gain := game.MaxGain(g, lim.Mixed); gain > 1e-6 {
			t.Fatalf("logit limit %s gains %g", lim, gain)
		}
	})
}

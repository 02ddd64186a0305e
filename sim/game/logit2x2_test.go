package game_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"

	"github.com/parley-dev/parley/sim/game"
)

// gen2x2 draws a 2×2 game of one of several kinds: small integers (ties
// and degenerate games common), continuous payoffs on scales drawn apart
// for the two players, and games within a drawn ε of symmetric ones (row
// and column payoffs swapped) or of battle-of-the-sexes ones (strategies
// also swapped), where the two players' pulls nearly tie.
func gen2x2(t *rapid.T) *game.Strategic {
	g := game.NewStrategic(2, 2)
	pay := g.Payoffs()
	rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 3))
	switch kind := rapid.IntRange(0, 3).Draw(t, "kind"); kind {
	case 0:
		top := rapid.IntRange(1, 4).Draw(t, "top")
		for i := range pay {
			pay[i] = float64(rng.IntN(top + 1))
		}
	case 1:
		scale := [2]float64{math.Exp(4 * rng.NormFloat64()), math.Exp(4 * rng.NormFloat64())}
		for i := range pay {
			pay[i] = rng.NormFloat64() * scale[i%2]
		}
	default:
		var base [4]float64
		for i := range base {
			base[i] = rng.NormFloat64()
		}
		eps := 0.0
		if rapid.Bool().Draw(t, "perturbed") {
			eps = math.Pow(10, -8*rng.Float64())
		}
		for i := range 2 {
			for j := range 2 {
				k := i + 2*j
				pay[2*k] = base[i+2*j] + eps*rng.NormFloat64()
				if kind == 2 {
					pay[2*k+1] = base[j+2*i] + eps*rng.NormFloat64()
				} else {
					pay[2*k+1] = base[(1-j)+2*(1-i)] + eps*rng.NormFloat64()
				}
			}
		}
	}
	return g
}

// TestPropLogit2x2 checks LogitLimitInto's closed form for 2×2 games
// against the tracer: on every drawn game the profile is LogitLimit's to
// the bit, and so is the method, unless LogitLimit's trace failed and it
// fell back to another method (then the closed form, where it applied,
// must give the profile the fallback found).
func TestPropLogit2x2(t *testing.T) {
	var ws game.Workspace
	dst := game.Mixed{{0, 0}, {0, 0}}
	rapid.Check(t, func(t *rapid.T) {
		g := gen2x2(t)
		method, err := game.LogitLimitInto(&ws, g, dst)
		e, werr := game.LogitLimit(g, game.LogitOptions{})
		if (err == nil) != (werr == nil) {
			t.Fatalf("error %v, LogitLimit's %v", err, werr)
		}
		for p := range dst {
			for s := range dst[p] {
				if math.Float64bits(dst[p][s]) != math.Float64bits(e.Mixed[p][s]) {
					t.Fatalf("%v: %v by %s, LogitLimit's %v by %s (%s)", g.Payoffs(), dst, method, e.Mixed, e.Method, e.Note)
				}
			}
		}
		if method != e.Method && (method != game.MethodLogit || e.Method == game.MethodLogitStopped) {
			t.Fatalf("%v: method %q, LogitLimit's %q (%s)", g.Payoffs(), method, e.Method, e.Note)
		}
	})
}

// TestLogitLimitIntoDoesNotAllocate: on the 2×2 games the closed form
// covers (here a stag hunt with payoffs drawn around 4, 0 / 3, 3), no
// allocation.
func TestLogitLimitIntoDoesNotAllocate(t *testing.T) {
	g := game.NewStrategic(2, 2)
	rng := rand.New(rand.NewPCG(3, 4))
	var ws game.Workspace
	dst := game.Mixed{{0, 0}, {0, 0}}
	allocs := testing.AllocsPerRun(200, func() {
		stagHunt(g, rng)
		if _, err := game.LogitLimitInto(&ws, g, dst); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%g allocations per game", allocs)
	}
}

// stagHunt sets g to a stag hunt with uncertain payoffs: stag 4, hare 3,
// a lone stag hunter 0, each ± 0.4 uniformly and independently (so that
// the closed form always applies: no payoff advantage comes near zero).
func stagHunt(g *game.Strategic, rng *rand.Rand) {
	base := [8]float64{4, 4, 3, 0, 0, 3, 3, 3}
	for i, v := range base {
		g.Payoffs()[i] = v + 0.8*rng.Float64() - 0.4
	}
}

// TestLogit2x2Known: the closed form on games whose limit is known.
func TestLogit2x2Known(t *testing.T) {
	for _, tt := range []struct {
		name string
		a, b [][]float64
		want string
	}{
		// Hare is risk dominant (3·3 against 1·1); symmetric games select it.
		{"stag hunt", [][]float64{{4, 0}, {3, 3}}, [][]float64{{4, 3}, {0, 3}}, "0,1,0,1"},
		{"prisoners' dilemma", [][]float64{{3, 0}, {5, 1}}, [][]float64{{3, 5}, {0, 1}}, "0,1,0,1"},
		// Chicken: the pure equilibria are off the diagonal; the row
		// player's stakes are ten times the column player's, and its safer
		// choice (swerve against an even mix) decides.
		{"chicken, row stakes", [][]float64{{0, -10}, {10, -100}}, [][]float64{{0, 1}, {-1, -10}}, "1,0,0,1"},
		// The same with the column player's stakes larger.
		{"coordination, column decides", [][]float64{{1, 0}, {0, 2}}, [][]float64{{30, 0}, {0, 10}}, "1,0,1,0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := bimatrix(t, tt.a, tt.b)
			var ws game.Workspace
			dst := game.Mixed{{0, 0}, {0, 0}}
			method, err := game.LogitLimitInto(&ws, g, dst)
			if err != nil || method != game.MethodLogit {
				t.Fatalf("%s, %v", method, err)
			}
			if got := (game.Equilibrium{Mixed: dst}).String(); got != tt.want {
				t.Errorf("closed form %s, want %s", got, tt.want)
			}
			e, err := game.LogitLimit(g, game.LogitOptions{})
			if err != nil || e.String() != tt.want {
				t.Errorf("tracer %s (%v), want %s", e, err, tt.want)
			}
		})
	}
}

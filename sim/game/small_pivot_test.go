package game

import (
	"math"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"
)

// TestPropWalkMatchesSubsets: EnumMixedInto's walk over the vertices gives
// what solving every subset of tight constraints gives, to the bit and in
// its order, on random games up to 8×8: small integers (degenerate games,
// where the walk hands over to the subsets), continuous payoffs, integers
// with noise, and integers nudged by less than the tolerances (nearly
// degenerate games, where the two could disagree if the walk did not
// notice).
func TestPropWalkMatchesSubsets(t *testing.T) {
	var ws, wsSub Workspace
	var got, want []float64
	rapid.Check(t, func(t *rapid.T) {
		m, n := rapid.IntRange(1, 8).Draw(t, "m"), rapid.IntRange(1, 8).Draw(t, "n")
		g := NewStrategic(m, n)
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 5))
		kind := rapid.IntRange(0, 3).Draw(t, "kind")
		top := rapid.IntRange(1, 9).Draw(t, "top")
		for i := range g.payoffs {
			switch kind {
			case 0:
				g.payoffs[i] = float64(rng.IntN(top + 1))
			case 1:
				g.payoffs[i] = rng.Float64()
			case 2:
				g.payoffs[i] = float64(rng.IntN(10)) + 2*rng.Float64() - 1
			default:
				g.payoffs[i] = float64(rng.IntN(top+1)) + 1e-9*math.Pow(10, 4*rng.Float64())*rng.NormFloat64()
			}
		}
		var err error
		if got, err = enumMixedInto(&ws, g, got[:0], true); err != nil {
			t.Fatal(err)
		}
		if want, err = enumMixedInto(&wsSub, g, want[:0], false); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%v: %d equilibria by the walk, %d by subsets", g.payoffs, len(got)/(m+n), len(want)/(m+n))
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%v: the walk's %v, the subsets' %v", g.payoffs, got, want)
			}
		}
	})
}

// randomWorld8 sets g to an 8×8 game like a sampled world of an uncertain
// matrix: integers 0–9 plus uniform noise in (−1, 1).
func randomWorld8(g *Strategic, rng *rand.Rand) {
	for i := range g.payoffs {
		g.payoffs[i] = float64(rng.IntN(10)) + 2*rng.Float64() - 1
	}
}

func TestWalkDoesNotAllocate(t *testing.T) {
	g := NewStrategic(8, 8)
	rng := rand.New(rand.NewPCG(8, 8))
	var ws Workspace
	dst := make([]float64, 0, 4096)
	for range 20 { // warm up: the workspace grows to the largest game
		randomWorld8(g, rng)
		dst, _ = EnumMixedInto(&ws, g, dst[:0])
	}
	allocs := testing.AllocsPerRun(50, func() {
		randomWorld8(g, rng)
		dst, _ = EnumMixedInto(&ws, g, dst[:0])
	})
	if allocs != 0 {
		t.Errorf("%g allocations per 8×8 world", allocs)
	}
}

// BenchmarkWorld8x8: every extreme equilibrium of an 8×8 game with
// uncertain payoffs, one sampled world per iteration (a uniform selection
// then picks one at no cost): by subsets, as before issue 16, and by the
// walk.
func BenchmarkWorld8x8(b *testing.B) {
	for _, bb := range []struct {
		name string
		walk bool
	}{{"subsets", false}, {"walk", true}} {
		b.Run(bb.name, func(b *testing.B) {
			g := NewStrategic(8, 8)
			rng := rand.New(rand.NewPCG(8, 8))
			var ws Workspace
			dst := make([]float64, 0, 4096)
			b.ReportAllocs()
			for b.Loop() {
				randomWorld8(g, rng)
				var err error
				if dst, err = enumMixedInto(&ws, g, dst[:0], bb.walk); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package scenarios_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/game"
)

// TestLogitFallbackWorldsCounted: a matrix game whose logit trace stops
// short (a symmetric 7×7 game with payoffs 0–9 and a bifurcation near
// λ = 1388) is counted, world by world, in the logit_fallbacks tally, so
// that the run says its logit selection was not the completed trace; a
// game whose trace completes counts nothing there.
func TestLogitFallbackWorldsCounted(t *testing.T) {
	rng := rand.New(rand.NewPCG(873, 7))
	g := game.NewStrategic(7, 7)
	for i := range g.Payoffs() {
		g.Payoffs()[i] = float64(rng.IntN(10))
	}
	for i := range 7 {
		for j := range 7 {
			g.SetPayoff([]int{i, j}, 1, g.Payoff([]int{j, i}, 0))
		}
	}
	doc, err := scenarios.FromStrategic(g, "sym7")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Parse("sym7.yaml", doc, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stag, err := scenarios.Load("stag-hunt", scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		s    *sim.Scenario
		want int64
	}{{s, 30}, {stag, 0}} {
		r, err := sim.Run(context.Background(), tt.s, sim.Options{Iterations: 30, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		var fell int64 = -1
		for _, tally := range r.Tallies {
			if tally.Name == "logit_fallbacks" {
				fell = 0
				for _, row := range tally.Rows {
					fell += row.Count
				}
			}
		}
		if fell != tt.want {
			t.Errorf("%s: %d worlds in logit_fallbacks, want %d", tt.s.ID, fell, tt.want)
		}
	}
}

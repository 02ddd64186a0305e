package scenarios_test

import (
	"context"
	"math"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// TestMatrixClassics checks the bundled strategic-form games against their
// textbook equilibria: the probability of each outcome under the selection
// rule each file names, within a 99.9% Wilson interval at 20,000 worlds.
func TestMatrixClassics(t *testing.T) {
	const z = 3.29 // 99.9%: about 25 checks at 95% would fail one at random too often
	tests := []struct {
		id, variant string
		want        map[string]float64
		equilibria  float64 // mean number of equilibria per world
	}{
		{"prisoners-dilemma", "", map[string]float64{"defection": 1, "cooperation": 0, "exploitation": 0}, 1},
		// T=2<R: (C,C) and (D,D) are equilibria (and a mixed one); (C,C) payoff-dominates.
		{"prisoners-dilemma", "no_dilemma", map[string]float64{"cooperation": 1, "defection": 0}, 3},
		// Hare risk-dominates stag.
		{"stag-hunt", "", map[string]float64{"hare": 1, "stag": 0, "miscoordination": 0}, 3},
		// Uniform over (S,T), (T,S) and the mixed (1/10 straight each).
		{"chicken", "", map[string]float64{"crash": 1.0 / 300, "both_swerve": 0.81 / 3, "a_wins": 1.0/3 + 0.09/3, "b_wins": 1.0/3 + 0.09/3}, 3},
		// Logit limit of the symmetric-in-structure game: the mixed equilibrium (2/3 each on the favourite).
		{"battle-of-the-sexes", "", map[string]float64{"opera": 2.0 / 9, "match": 2.0 / 9, "apart": 5.0 / 9}, 3},
		{"matching-pennies", "", map[string]float64{"match": 0.5, "mismatch": 0.5}, 1},
		// Inspect 1/5 = gain/(gain+penalty); cheat 1/5 = cost/damage.
		{"inspection", "", map[string]float64{"caught": 0.04, "undetected": 0.16, "compliance": 0.8}, 1},
		// cost ~ U(0.5, 2.5): cheat = cost/5, inspect = 1/5: E[caught] = E[cost]/25, E[undetected] = 4E[cost]/25.
		{"inspection", "uncertain_cost", map[string]float64{"caught": 1.5 / 25, "undetected": 6.0 / 25, "compliance": 1 - 7.5/25}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+tt.variant, func(t *testing.T) {
			s, err := scenarios.Load(tt.id, scenarios.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.variant != "" {
				if s, err = s.WithVariant(tt.variant); err != nil {
					t.Fatal(err)
				}
			}
			const n = 20000
			r, err := sim.Run(context.Background(), s, sim.Options{Iterations: n, Seed: 11})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range r.Outcomes {
				want, ok := tt.want[o.ID]
				if !ok {
					continue
				}
				half := z*math.Sqrt(want*(1-want)/n) + 1e-9
				if math.Abs(o.Probability-want) > half {
					t.Errorf("P(%s) = %.4f, want %.4f ± %.4f", o.ID, o.Probability, want, half)
				}
			}
			if got := r.Metrics[0].Mean; math.Abs(got-tt.equilibria) > 1e-9 {
				t.Errorf("equilibria per world %v, want %v", got, tt.equilibria)
			}
		})
	}
}

// TestDeterrenceCrisisVaries: the crisis game's equilibrium changes across
// worlds, so no outcome is certain and some worlds have several equilibria.
func TestDeterrenceCrisisVaries(t *testing.T) {
	s, err := scenarios.Load("deterrence-crisis", scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range r.Outcomes {
		if o.Probability < 0.05 || o.Probability > 0.95 {
			t.Errorf("P(%s) = %v: the outcome table should not be trivial", o.ID, o.Probability)
		}
	}
	if eq := r.Tallies[1]; eq.Rows[0].Probability > 0.99 {
		t.Errorf("almost every world has one equilibrium: %+v", eq.Rows)
	}
}

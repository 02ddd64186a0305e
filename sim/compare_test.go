package sim_test

import (
	"context"
	"math"
	"testing"

	"github.com/parley-dev/parley/sim"
)

// chanceScenario has one chance event: outcome hit with probability q,
// an expression over two 0/1 factor parameters fa and fb; variants A and
// B switch them on. P(hit) under any combination is q's value there, so
// every attribution quantity is known in closed form.
func chanceScenario(t testing.TB, q string) *sim.Scenario {
	t.Helper()
	spec := &sim.Spec{
		ID:       "chance",
		Parties:  []sim.PartySpec{{ID: "p"}},
		Params:   []sim.ParamSpec{{Name: "fa", Dist: sim.Fixed(0)}, {Name: "fb", Dist: sim.Fixed(0)}},
		Outcomes: []sim.OutcomeSpec{{ID: "hit"}, {ID: "miss"}},
		Variants: []sim.VariantSpec{
			{Name: "A", Set: []sim.ParamSpec{{Name: "fa", Dist: sim.Fixed(1)}}},
			{Name: "B", Set: []sim.ParamSpec{{Name: "fb", Dist: sim.Fixed(1)}}},
		},
		Model: sim.ModelSpec{Tree: &sim.NodeSpec{Chance: []sim.Branch{
			{Name: "yes", Node: &sim.NodeSpec{Prob: q, Outcome: "hit", Payoff: []sim.PayoffSpec{{Party: "p", Expr: "1"}}}},
			{Name: "no", Node: &sim.NodeSpec{Prob: "1 - (" + q + ")", Outcome: "miss", Payoff: []sim.PayoffSpec{{Party: "p", Expr: "0"}}}},
		}}},
	}
	s, err := sim.Compile(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAttributeClosedForms(t *testing.T) {
	tests := []struct {
		name                  string
		q                     string
		shapA, shapB          float64
		aloneA, aloneB, inter float64
	}{
		{"additive", "0.2 + 0.1*fa + 0.3*fb", 0.1, 0.3, 0.1, 0.3, 0},
		{"pure interaction", "0.2 + 0.4*fa*fb", 0.2, 0.2, 0, 0, 0.4},
		{"substitutes", "fa or fb ? 0.7 : 0.2", 0.25, 0.25, 0.5, 0.5, -0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := chanceScenario(t, tt.q)
			a, err := sim.Attribute(context.Background(), s, []string{"A", "B"}, "hit", sim.Options{Iterations: 40000, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			const tol = 0.012 // about four standard errors at 40k worlds
			check := func(what string, got, want float64) {
				if math.Abs(got-want) > tol {
					t.Errorf("%s = %.4f, want %.4f", what, got, want)
				}
			}
			check("shapley A", a.Factors[0].Shapley, tt.shapA)
			check("shapley B", a.Factors[1].Shapley, tt.shapB)
			check("alone A", a.Factors[0].Alone, tt.aloneA)
			check("alone B", a.Factors[1].Alone, tt.aloneB)
			check("interaction", a.Interaction, tt.inter)
			if d := a.Factors[0].Shapley + a.Factors[1].Shapley - a.Total.Diff; math.Abs(d) > 1e-12 {
				t.Errorf("shares miss the total by %g", d)
			}
			if d := a.Total.Diff - a.Factors[0].Alone - a.Factors[1].Alone - a.Interaction; math.Abs(d) > 1e-12 {
				t.Errorf("total ≠ alone + interaction, off by %g", d)
			}
		})
	}
}

func TestAttributeRefusesTooManyFactors(t *testing.T) {
	s := chanceScenario(t, "0.5")
	factors := make([]string, sim.MaxFactors+1)
	for i := range factors {
		factors[i] = "A"
	}
	if _, err := sim.Attribute(context.Background(), s, factors, "hit", sim.Options{Iterations: 10}); err == nil {
		t.Error("accepted 11 factors")
	}
}

// TestPairedIntervalCoverage repeats a small comparison with known answer
// (the variant raises P(hit) from 0.3 to 0.4) over 1000 seeds: the 95%
// paired interval must cover the true difference in 93–97% of them.
func TestPairedIntervalCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("1000 repeated runs")
	}
	s := chanceScenario(t, "0.3 + 0.1*fa")
	covered, runs := 0, 1000
	for seed := range runs {
		c, err := sim.Compare(context.Background(), s, [][]string{{"A"}}, sim.Options{Iterations: 400, Seed: uint64(seed), Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		d := c.Variants[1].Diffs[0]
		if d.Low <= 0.1 && 0.1 <= d.High {
			covered++
		}
	}
	rate := float64(covered) / float64(runs)
	t.Logf("coverage %.3f over %d runs", rate, runs)
	if rate < 0.93 || rate > 0.97 {
		t.Errorf("coverage %.3f, want 0.93–0.97", rate)
	}
}

func TestPairedIntervalsAreNarrowerOnTheFlagship(t *testing.T) {
	s := loadFlagship(t)
	c, err := sim.Compare(context.Background(), s, [][]string{{"no_drone_deal"}, {"no_india"}}, sim.Options{Iterations: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range c.Variants[1:] {
		for _, d := range v.Diffs {
			paired, unpaired := d.High-d.Low, d.UnpairedHigh-d.UnpairedLow
			t.Logf("%s %s: paired width %.4f, unpaired %.4f", v.Variant, d.Outcome, paired, unpaired)
			// Where the variant rules an outcome out, both widths are the
			// baseline's alone; everywhere else pairing must help.
			if paired > unpaired+1e-12 || (d.Outcome != "breach" && paired > 0.7*unpaired) {
				t.Errorf("%s %s: paired width %.4f, unpaired %.4f", v.Variant, d.Outcome, paired, unpaired)
			}
		}
	}
}

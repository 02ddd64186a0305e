package analysis_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
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
		Model: sim.ModelSpec{Tree: &tree.NodeSpec{Chance: []tree.Branch{
			{Name: "yes", Node: &tree.NodeSpec{Prob: q, Outcome: "hit", Payoff: []model.PayoffSpec{{Party: "p", Expr: "1"}}}},
			{Name: "no", Node: &tree.NodeSpec{Prob: "1 - (" + q + ")", Outcome: "miss", Payoff: []model.PayoffSpec{{Party: "p", Expr: "0"}}}},
		}}},
	}
	s, err := sim.Compile(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// perWorldShapley returns the mean and standard deviation over worlds of
// the per-world Shapley values of factors A and B and of the interaction,
// for a chance event whose probability is q[S] under the set S of factors
// (bit 0 A, bit 1 B): a world draws one u ~ U(0, 1) shared by all four
// combinations (common random numbers) and the event happens where u <
// q[S]. The integral over u is exact: the values are constant between the
// sorted q.
func perWorldShapley(q [4]float64) (mean, sd [3]float64) {
	cuts := []float64{0, 1, q[0], q[1], q[2], q[3]}
	slices.Sort(cuts)
	var m, m2 [3]float64
	for i := 1; i < len(cuts); i++ {
		w := cuts[i] - cuts[i-1]
		if w == 0 {
			continue
		}
		u := (cuts[i] + cuts[i-1]) / 2
		var x [4]float64
		for s := range x {
			if u < q[s] {
				x[s] = 1
			}
		}
		v := [3]float64{
			((x[1] - x[0]) + (x[3] - x[2])) / 2,
			((x[2] - x[0]) + (x[3] - x[1])) / 2,
			x[3] - x[1] - x[2] + x[0],
		}
		for j := range v {
			m[j] += w * v[j]
			m2[j] += w * v[j] * v[j]
		}
	}
	for j := range m {
		mean[j], sd[j] = m[j], math.Sqrt(m2[j]-m[j]*m[j])
	}
	return mean, sd
}

// TestAttributeClosedForms checks the attribution on chance events whose
// answers are known in closed form: the Shapley shares, the effects alone
// and the interaction, and the width of the shares' and the interaction's
// intervals, z·σ/√n with σ the standard deviation of the per-world values
// (perWorldShapley), which the code estimates from the worlds it ran.
func TestAttributeClosedForms(t *testing.T) {
	tests := []struct {
		name                  string
		q                     string
		qs                    [4]float64 // q with no factor, A, B, both
		shapA, shapB          float64
		aloneA, aloneB, inter float64
	}{
		{"additive", "0.2 + 0.1*fa + 0.3*fb", [4]float64{0.2, 0.3, 0.5, 0.6}, 0.1, 0.3, 0.1, 0.3, 0},
		{"pure interaction", "0.2 + 0.4*fa*fb", [4]float64{0.2, 0.2, 0.2, 0.6}, 0.2, 0.2, 0, 0, 0.4},
		{"substitutes", "fa or fb ? 0.7 : 0.2", [4]float64{0.2, 0.7, 0.7, 0.7}, 0.25, 0.25, 0.5, 0.5, -0.5},
	}
	const n = 40000
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := chanceScenario(t, tt.q)
			a, err := analysis.Attribute(context.Background(), s, []string{"A", "B"}, "hit", sim.Options{Iterations: n, Seed: 3})
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

			mean, sd := perWorldShapley(tt.qs)
			if math.Abs(mean[0]-tt.shapA) > 1e-12 || math.Abs(mean[1]-tt.shapB) > 1e-12 || math.Abs(mean[2]-tt.inter) > 1e-12 {
				t.Fatalf("perWorldShapley means %v disagree with the table", mean)
			}
			// The sample standard deviation of n = 40000 such values is
			// within 2% of σ with room to spare (its relative standard
			// error is under 0.5% here).
			for j, iv := range [][2]float64{
				{a.Factors[0].Low, a.Factors[0].High},
				{a.Factors[1].Low, a.Factors[1].High},
				{a.InteractionLow, a.InteractionHigh},
			} {
				half, want := (iv[1]-iv[0])/2, 1.959964*sd[j]/math.Sqrt(n)
				if math.Abs(half-want) > 0.02*want {
					t.Errorf("interval %d: half-width %.5f, closed form %.5f", j, half, want)
				}
			}
		})
	}
}

func TestAttributeRefusesTooManyFactors(t *testing.T) {
	s := chanceScenario(t, "0.5")
	factors := make([]string, analysis.MaxFactors+1)
	for i := range factors {
		factors[i] = "A"
	}
	if _, err := analysis.Attribute(context.Background(), s, factors, "hit", sim.Options{Iterations: 10}); err == nil {
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
		c, err := analysis.Compare(context.Background(), s, [][]string{{"A"}}, sim.Options{Iterations: 400, Seed: uint64(seed), Workers: 1})
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
	c, err := analysis.Compare(context.Background(), s, [][]string{{"no_drone_deal"}, {"no_india"}}, sim.Options{Iterations: 20000, Seed: 1})
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

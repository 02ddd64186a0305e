package analysis_test

import (
	"context"
	"fmt"
	"log"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
)

// entry is a market-entry game: an entrant enters or stays out; if it
// enters, the incumbent fights (worth 5 - fight_cost - scrutiny to it) or
// accommodates (worth 2). The entrant stays out exactly when a fight is
// credible. Variant cheap_fight makes fighting cheap; variant regulator
// adds the cost of a regulator's scrutiny.
func entry() *sim.Scenario {
	u := func(lo, hi float64) sim.DistSpec { return sim.DistSpec{Kind: "uniform", Args: []float64{lo, hi}} }
	pay := func(e, i string) []model.PayoffSpec {
		return []model.PayoffSpec{{Party: "entrant", Expr: e}, {Party: "incumbent", Expr: i}}
	}
	s, err := sim.Compile(&sim.Spec{
		ID:       "entry",
		Parties:  []sim.PartySpec{{ID: "entrant"}, {ID: "incumbent"}},
		Params:   []sim.ParamSpec{{Name: "fight_cost", Dist: u(1, 6)}, {Name: "scrutiny", Dist: sim.Fixed(0)}},
		Outcomes: []sim.OutcomeSpec{{ID: "out"}, {ID: "shared"}, {ID: "war"}},
		Variants: []sim.VariantSpec{
			{Name: "cheap_fight", Set: []sim.ParamSpec{{Name: "fight_cost", Dist: u(0, 3)}}},
			{Name: "regulator", Set: []sim.ParamSpec{{Name: "scrutiny", Dist: u(0, 2)}}},
		},
		Model: sim.ModelSpec{Tree: &tree.NodeSpec{Move: "entrant", Choices: []tree.Branch{
			{Name: "out", Node: &tree.NodeSpec{Outcome: "out", Payoff: pay("0", "5")}},
			{Name: "enter", Node: &tree.NodeSpec{Move: "incumbent", Choices: []tree.Branch{
				{Name: "fight", Node: &tree.NodeSpec{Outcome: "war", Payoff: pay("-2", "5 - fight_cost - scrutiny")}},
				{Name: "accommodate", Node: &tree.NodeSpec{Outcome: "shared", Payoff: pay("1", "2")}},
			}}},
		}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	return s
}

// Compare solves the baseline and a variant on the same worlds: the
// difference in P(out) is paired, so its interval is narrower than two
// separate runs would give.
func ExampleCompare() {
	c, err := analysis.Compare(context.Background(), entry(), [][]string{{"cheap_fight"}}, sim.Options{Iterations: 4000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	d := c.Variants[1].Diffs[0]
	fmt.Printf("P(out): %.3f → %.3f, difference %+.3f [%+.3f, %+.3f]\n",
		c.Variants[0].Result.Outcomes[0].Probability, c.Variants[1].Result.Outcomes[0].Probability, d.Diff, d.Low, d.High)
	fmt.Printf("worlds that changed outcome: %.3f\n", c.Variants[1].FlipP)
	// Output:
	// P(out): 0.402 → 1.000, difference +0.599 [+0.583, +0.614]
	// worlds that changed outcome: 0.599
}

// Attribute splits the change in P(out) when both variants apply among
// the two, by Shapley value.
func ExampleAttribute() {
	a, err := analysis.Attribute(context.Background(), entry(), []string{"cheap_fight", "regulator"}, "out", sim.Options{Iterations: 4000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(out) %.3f → %.3f\n", a.Baseline, a.Combined)
	for _, f := range a.Factors {
		fmt.Printf("%-12s %+.3f\n", f.Factor, f.Shapley)
	}
	// Output:
	// P(out) 0.402 → 0.674
	// cheap_fight  +0.536
	// regulator    -0.263
}

// Sensitivity finds the input that decides the outcome and the value at
// which the median world tips.
func ExampleSensitivity() {
	r, err := analysis.Sensitivity(context.Background(), entry(), "out", sim.Options{Iterations: 4000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range r.Params {
		fmt.Printf("%s: swing %+.2f, Spearman %+.2f\n", p.Param, p.Swing, p.Rho)
		for _, t := range p.Tipping {
			fmt.Printf("  tips from %s to %s at %.2f\n", t.From, t.To, t.Value)
		}
	}
	// Output:
	// fight_cost: swing -1.00, Spearman -0.85
	//   tips from out to shared at 3.00
}

// Sobol says how much of the variance of P(out) each input explains
// (estimates: with one input, both indices are 1 up to sampling error).
func ExampleSobol() {
	r, err := analysis.Sobol(context.Background(), entry(), analysis.SobolOptions{Outcome: "out", N: 2000, Seed: 1, Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, ix := range r.Indices {
		fmt.Printf("%s: first order %.2f, total %.2f\n", ix.Param, ix.First, ix.Total)
	}
	// Output:
	// fight_cost: first order 0.99, total 1.02
}

// Sweep fixes fight_cost at points of a grid; all points share the same
// worlds. At 3 the incumbent is indifferent, splits its choice, and the
// entrant stays out.
func ExampleSweep() {
	axes := []analysis.Axis{analysis.LinearAxis("fight_cost", 1, 5, 5)}
	r, err := analysis.Sweep(context.Background(), entry(), axes, sim.Options{Iterations: 1000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, pt := range r.Points {
		fmt.Printf("fight_cost %.0f: P(out) %.2f\n", pt.Values[0], pt.Result.Outcomes[0].Probability)
	}
	// Output:
	// fight_cost 1: P(out) 1.00
	// fight_cost 2: P(out) 1.00
	// fight_cost 3: P(out) 1.00
	// fight_cost 4: P(out) 0.00
	// fight_cost 5: P(out) 0.00
}

package analysis_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
)

// coinScenario: the talks collapse when u < 0.5 (u ~ U(0, 1)); coin, a
// Bernoulli(0.3) input that nothing reads, must not move.
func coinScenario(t testing.TB) *sim.Scenario {
	t.Helper()
	spec := &sim.Spec{
		ID:      "coin",
		Parties: []sim.PartySpec{{ID: "p"}},
		Params: []sim.ParamSpec{
			{Name: "u", Dist: sim.DistSpec{Kind: "uniform", Args: []float64{0, 1}}},
			{Name: "coin", Dist: sim.DistSpec{Kind: "bernoulli", Args: []float64{0.3}}},
		},
		Outcomes: []sim.OutcomeSpec{{ID: "collapse"}, {ID: "deal"}},
		Model: sim.ModelSpec{Tree: &tree.NodeSpec{Move: "p", Choices: []tree.Branch{
			{Name: "walk", Node: &tree.NodeSpec{Outcome: "collapse", Payoff: []model.PayoffSpec{{Party: "p", Expr: "0.5"}}}},
			{Name: "stay", Node: &tree.NodeSpec{Outcome: "deal", Payoff: []model.PayoffSpec{{Party: "p", Expr: "u"}}}},
		}}},
	}
	s, err := sim.Compile(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func param(t *testing.T, p *analysis.Posterior, name string) analysis.ParamPosterior {
	t.Helper()
	for _, pp := range p.Params {
		if pp.Param == name {
			return pp
		}
	}
	t.Fatalf("no parameter %s in the posterior", name)
	return analysis.ParamPosterior{}
}

// TestGivenClosedForms checks posteriors known exactly. In why-max,
// collapse means max(a, b) > 0.5, so a given collapse has density 2/3
// below 0.5 and 4/3 above: quantiles 0.075, 0.375 (p25), 0.625, 0.8125,
// 0.9625, and a mean percentile of 7/12 (shift 1/12). In the coin
// scenario u given collapse is U(0, 0.5) (shift −1/4) and the coin,
// which nothing reads, does not move (shift 0) although it is discrete.
func TestGivenClosedForms(t *testing.T) {
	const n = 40000
	ctx := context.Background()
	check := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.4f, want %.4f ± %.4f", what, got, want, tol)
		}
	}
	_, p, err := analysis.Given(ctx, loadFile(t, "../../scenarios/testdata/why/max.yaml"), analysis.Observation{Outcome: "collapse"}, sim.Options{Iterations: n, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	within(t, "P(collapse)", p.P, 0.75, n)
	if !p.Enough || p.Kept != int64(math.Round(p.P*n)) {
		t.Errorf("kept %d, enough %v", p.Kept, p.Enough)
	}
	a := param(t, p, "a")
	for i, want := range []float64{0.075, 0.375, 0.625, 0.8125, 0.9625} {
		// A quantile's standard error is √(q(1−q)/m)/density; the density
		// is at least 2/3 and m = 30000: four errors are within 0.015.
		check(fmt.Sprintf("a p%v", 100*analysis.GivenLevels[i]), a.Post[i], want, 0.015)
		if !(a.PostLow[i] <= a.Post[i] && a.Post[i] <= a.PostHigh[i]) {
			t.Errorf("a p%v interval [%v, %v] misses %v", 100*analysis.GivenLevels[i], a.PostLow[i], a.PostHigh[i], a.Post[i])
		}
		check(fmt.Sprintf("prior a p%v", 100*analysis.GivenLevels[i]), a.Prior[i], analysis.GivenLevels[i], 1e-12)
	}
	check("a shift", a.Shift, 1.0/12, 4*0.29/math.Sqrt(30000)+1.0/4096)

	_, p, err = analysis.Given(ctx, coinScenario(t), analysis.Observation{Outcome: "collapse"}, sim.Options{Iterations: n, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	u, coin := param(t, p, "u"), param(t, p, "coin")
	if p.Params[0].Param != "u" {
		t.Errorf("the largest shift is %s's, want u's", p.Params[0].Param)
	}
	check("u shift", u.Shift, -0.25, 0.01)
	check("u median", u.Post[2], 0.25, 0.01)
	check("coin shift", coin.Shift, 0, 4*0.23/math.Sqrt(20000)+1.0/4096)
	if coin.ShiftLow > 0.002 || coin.ShiftHigh < -0.002 {
		t.Errorf("coin shift interval [%v, %v] far from 0", coin.ShiftLow, coin.ShiftHigh)
	}
}

// TestGivenPrecisionRunsUntilEnoughMatch observes a rare path: at a fixed
// count too few worlds match; with Precision the run goes on until the
// worlds needed match, stopping at the same world for any worker count.
func TestGivenPrecisionRunsUntilEnoughMatch(t *testing.T) {
	s := loadFlagship(t)
	ctx := context.Background()
	ob := analysis.Observation{Path: "afg demand_halt → pak accept → chance us_pauses"} // about 0.7% of worlds
	_, few, err := analysis.Given(ctx, s, ob, sim.Options{Iterations: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if few.Enough || few.Kept >= analysis.MinKept {
		t.Fatalf("%d worlds kept of 2000, enough %v: want too few", few.Kept, few.Enough)
	}
	var first *analysis.Posterior
	for _, w := range []int{1, 2} {
		res, p, err := analysis.Given(ctx, s, ob, sim.Options{Iterations: 1 << 20, Seed: 1, Precision: 0.1, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if !p.Enough || p.Kept < p.Need || p.Need != analysis.MinKept || // (1.96·0.5/0.1)² = 96.04 worlds, fewer than MinKept
			res.Iterations >= 1<<20 {
			t.Fatalf("workers %d: kept %d of %d needed, enough %v, %d worlds", w, p.Kept, p.Need, p.Enough, res.Iterations)
		}
		if res.Iterations%(8*sim.ChunkSize) != 0 {
			t.Errorf("stopped at %d worlds, not at a check", res.Iterations)
		}
		if first == nil {
			first = p
		} else if fmt.Sprint(*first) != fmt.Sprint(*p) {
			t.Errorf("workers 1 and 2 differ:\n%v\n%v", *first, *p)
		}
	}
}

func TestGivenNoWorldMatches(t *testing.T) {
	s, err := loadFlagship(t).WithVariant("no_drone_deal") // no breach without the agreement
	if err != nil {
		t.Fatal(err)
	}
	_, p, err := analysis.Given(context.Background(), s, analysis.Observation{Outcome: "breach"}, sim.Options{Iterations: 3000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p.Kept != 0 || p.Enough || p.Low != 0 || !(p.High > 0 && p.High < 0.002) {
		t.Errorf("kept %d, enough %v, interval [%v, %v]", p.Kept, p.Enough, p.Low, p.High)
	}
	for _, pp := range p.Params {
		if !math.IsNaN(pp.Shift) || !math.IsNaN(pp.Post[2]) {
			t.Errorf("%s: shift %v, median %v with no world", pp.Param, pp.Shift, pp.Post[2])
		}
	}
}

func ExampleGiven() {
	s, err := scenarios.Load("../../scenarios/testdata/why/max.yaml", scenarios.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, p, err := analysis.Given(context.Background(), s, analysis.Observation{Outcome: "collapse"}, sim.Options{Iterations: 20000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d worlds collapse\n", p.Kept, p.Iterations)
	for _, pp := range p.Params { // largest shift first
		fmt.Printf("%s: prior median %.1f, given collapse %.1f (shift %+.2f)\n", pp.Param, pp.Prior[2], pp.Post[2], pp.Shift)
	}
	// Output:
	// 14920 of 20000 worlds collapse
	// b: prior median 0.5, given collapse 0.6 (shift +0.08)
	// a: prior median 0.5, given collapse 0.6 (shift +0.08)
}

// FuzzObservation reads any text as an observation of the flagship: it
// must never panic, and a path it accepts must be one of the model's,
// spelled the same once spacing and arrows are set aside.
func FuzzObservation(f *testing.F) {
	s := loadFlagship(f)
	for _, seed := range []string{"collapse", "afg demand_halt -> pak refuse", "afg  settle→pak accept", "->", "", "afg demand_halt → pak accept → chance us_pauses"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ob := analysis.ObservationOf(s, text)
		if err := analysis.CheckObservation(s, ob); err != nil {
			return
		}
		if ob.Outcome != "" {
			return
		}
		norm := func(x string) string { return strings.Join(strings.Fields(strings.ReplaceAll(x, "->", "→")), "") }
		for _, l := range s.Tallies()[0].Labels {
			if norm(l) == norm(text) {
				return
			}
		}
		t.Errorf("%q accepted as a path, but no path reads so", text)
	})
}

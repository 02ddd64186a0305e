package analysis_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// cdfOf inverts a parameter's quantile function by bisection: the
// smallest u whose quantile reaches x.
func cdfOf(p sim.Param, x float64) float64 {
	lo, hi := 0.0, 1.0
	for range 60 {
		mid := (lo + hi) / 2
		if p.Quantile(mid) >= x {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// TestGivenAgreesWithExact compares the counted posterior with the one
// that keeps every matching world and sorts it. A discrete parameter's
// quantiles, bound and shares must be equal; a continuous one's
// quantiles within one bin of their draw, 2^-16 of the prior's
// probability, of the exact ones (the stated bound), its shares equal and
// its prior share within one step of the prior's grid. The shifts and
// means are the same sums in another order (exact here, floating there).
func TestGivenAgreesWithExact(t *testing.T) {
	const n = 60000
	ctx := context.Background()
	cases := []struct {
		s  *sim.Scenario
		ob analysis.Observation
	}{
		{loadFlagship(t), analysis.Observation{Outcome: "collapse"}},
		{loadFlagship(t), analysis.Observation{Outcome: "breach"}},
		{loadFlagship(t), analysis.Observation{Path: "afg demand_halt → pak accept → chance us_pauses"}},
		{discreteScenario(t), analysis.Observation{Outcome: "hit"}},
		{coinScenario(t), analysis.Observation{Outcome: "collapse"}},
		{loadFile(t, "../../scenarios/testdata/why/max.yaml"), analysis.Observation{Outcome: "collapse"}},
	}
	for _, c := range cases {
		t.Run(c.s.ID+" "+c.ob.Outcome+c.ob.Path, func(t *testing.T) {
			opt := sim.Options{Iterations: n, Seed: 3, Workers: 2}
			_, got, err := analysis.Given(ctx, c.s, c.ob, opt)
			if err != nil {
				t.Fatal(err)
			}
			_, want, err := analysis.GivenExact(ctx, c.s, c.ob, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got.Kept != want.Kept || got.Iterations != want.Iterations || got.P != want.P {
				t.Fatalf("kept %d of %d, want %d of %d", got.Kept, got.Iterations, want.Kept, want.Iterations)
			}
			params := map[string]sim.Param{}
			for _, p := range c.s.Params {
				params[p.Name] = p
			}
			for i, g := range got.Params {
				var w analysis.ParamPosterior
				for _, x := range want.Params {
					if x.Param == g.Param {
						w = x
					}
				}
				p := params[g.Param]
				discrete := p.Spec.Kind == "bernoulli" || p.Spec.Kind == "categorical" || p.Spec.Kind == "discrete_uniform"
				near := func(what string, a, b, tol float64) {
					t.Helper()
					if !(math.Abs(a-b) <= tol) && !(math.IsNaN(a) && math.IsNaN(b)) && a != b {
						t.Errorf("%s %s = %v, exact %v (± %v)", g.Param, what, a, b, tol)
					}
				}
				value := func(what string, a, b float64) {
					t.Helper()
					if discrete || math.IsInf(b, 0) || math.IsNaN(b) {
						near(what, a, b, 0)
						return
					}
					u := cdfOf(p, b)
					lo, hi := p.Quantile(max(0, u-0x1p-16)), p.Quantile(min(1, u+0x1p-16))
					if !(lo <= a && a <= hi) {
						t.Errorf("%s %s = %v, exact %v: outside [%v, %v], one bin either side", g.Param, what, a, b, lo, hi)
					}
				}
				for k := range analysis.GivenLevels {
					level := fmt.Sprintf("p%v", 100*analysis.GivenLevels[k])
					near("prior "+level, g.Prior[k], w.Prior[k], 0)
					value(level, g.Post[k], w.Post[k])
					value(level+" low", g.PostLow[k], w.PostLow[k])
					value(level+" high", g.PostHigh[k], w.PostHigh[k])
				}
				near("shift", g.Shift, w.Shift, 1e-12)
				near("shift low", g.ShiftLow, w.ShiftLow, 1e-9)
				near("shift high", g.ShiftHigh, w.ShiftHigh, 1e-9)
				near("prior mean", g.PriorMean, w.PriorMean, 0)
				near("posterior mean", g.PostMean, w.PostMean, 1e-12*math.Max(1, math.Abs(w.PostMean)))
				value("bound", g.Bound, w.Bound)
				near("kept share", g.KeptShare, w.KeptShare, 0)
				tol := 0.0
				if !discrete {
					tol = 1.0 / 4096
				}
				near("prior share", g.PriorShare, w.PriorShare, tol)
				if g.Param != want.Params[i].Param && math.Abs(g.Shift) != math.Abs(want.Params[i].Shift) {
					t.Errorf("row %d is %s, exact %s", i, g.Param, want.Params[i].Param)
				}
			}
		})
	}
}

// TestGivenSameForAnyWorkers: the posterior is the same, to the bit, for
// one worker and two.
func TestGivenSameForAnyWorkers(t *testing.T) {
	ctx := context.Background()
	for _, s := range []*sim.Scenario{loadFlagship(t), discreteScenario(t)} {
		var first string
		for _, w := range []int{1, 2} {
			ob := analysis.Observation{Outcome: s.Outcomes[0].ID}
			_, p, err := analysis.Given(ctx, s, ob, sim.Options{Iterations: 30000, Seed: 9, Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("%v", *p)
			if first == "" {
				first = got
			} else if got != first {
				t.Errorf("%s: workers 1 and 2 differ:\n%s\n%s", s.ID, first, got)
			}
		}
	}
}

// TestGivenCountsWorldsWithoutUncertainInputs: a scenario with nothing
// uncertain still counts its matching worlds (the posterior has no rows,
// but the observation's probability is the run's).
func TestGivenCountsWorldsWithoutUncertainInputs(t *testing.T) {
	s := loadFile(t, "../../scenarios/inspection.yaml")
	res, p, err := analysis.Given(context.Background(), s, analysis.Observation{Outcome: "caught"}, sim.Options{Iterations: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var want int64 = -1
	for _, o := range res.Outcomes {
		if o.ID == "caught" {
			want = o.Count
		}
	}
	if want <= 0 || p.Kept != want || len(p.Params) != 0 {
		t.Errorf("kept %d worlds and %d parameters, the run counted %d catches", p.Kept, len(p.Params), want)
	}
}

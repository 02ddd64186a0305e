package analysis_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// outcomeCount is the number of worlds of a result that ended in outcome.
func outcomeCount(t *testing.T, r *sim.Result, outcome string) int64 {
	t.Helper()
	for _, o := range r.Outcomes {
		if o.ID == outcome {
			return o.Count
		}
	}
	t.Fatalf("no outcome %q", outcome)
	return 0
}

// TestAttributeFlagshipMatchesCompare checks the attribution against
// numbers it does not compute itself: Compare solves the four combinations
// of the two factors on the same worlds, and the Shapley shares, effects
// alone, interaction and total follow from its outcome counts by hand
// (two factors: φ_A = ½[(c_A − c_∅) + (c_AB − c_B)] / n).
func TestAttributeFlagshipMatchesCompare(t *testing.T) {
	s := loadFlagship(t)
	const drone, india, outcome = "no_drone_deal", "no_india", "collapse"
	opt := sim.Options{Iterations: 20000, Seed: 1}
	c, err := analysis.Compare(context.Background(), s, [][]string{{drone}, {india}, {drone, india}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	c0 := outcomeCount(t, c.Variants[0].Result, outcome)
	cD := outcomeCount(t, c.Variants[1].Result, outcome)
	cI := outcomeCount(t, c.Variants[2].Result, outcome)
	cDI := outcomeCount(t, c.Variants[3].Result, outcome)
	if c.Iterations != opt.Iterations {
		t.Fatalf("compare ran %d worlds of %d", c.Iterations, opt.Iterations)
	}
	n := float64(c.Iterations)
	want := map[string]float64{
		"shapley " + drone: float64((cD-c0)+(cDI-cI)) / (2 * n),
		"shapley " + india: float64((cI-c0)+(cDI-cD)) / (2 * n),
		"alone " + drone:   float64(cD-c0) / n,
		"alone " + india:   float64(cI-c0) / n,
		"interaction":      float64(cDI-cD-cI+c0) / n,
		"total":            float64(cDI-c0) / n,
		"baseline":         float64(c0) / n,
		"combined":         float64(cDI) / n,
	}
	// The two factors interact on the flagship (docs/analysis.md): a check
	// on additive factors alone would not tell Shapley shares from effects
	// alone.
	if math.Abs(want["interaction"]) < 0.01 {
		t.Fatalf("interaction %v: the flagship no longer tests what this test is for", want["interaction"])
	}
	var total analysis.Diff
	for _, d := range c.Variants[3].Diffs {
		if d.Outcome == outcome {
			total = d
		}
	}

	var first *analysis.Attribution
	for _, w := range []int{1, 2} {
		o := opt
		o.Workers = w
		a, err := analysis.Attribute(context.Background(), s, []string{drone, india}, outcome, o)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{
			"interaction": a.Interaction, "total": a.Total.Diff, "baseline": a.Baseline, "combined": a.Combined,
		}
		for _, f := range a.Factors {
			got["shapley "+f.Factor] = f.Shapley
			got["alone "+f.Factor] = f.Alone
		}
		for k, v := range want {
			if !(math.Abs(got[k]-v) <= 1e-15) {
				t.Errorf("workers %d: %s = %v, from Compare's counts %v", w, k, got[k], v)
			}
		}
		if a.Total != total {
			t.Errorf("workers %d: total %+v, Compare's paired difference %+v", w, a.Total, total)
		}
		if first == nil {
			first = a
		} else if fmt.Sprintf("%+v", *a) != fmt.Sprintf("%+v", *first) {
			t.Errorf("workers %d gives another attribution", w)
		}
	}
}

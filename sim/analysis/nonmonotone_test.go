package analysis_test

import (
	"context"
	"math"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
)

// bumpScenario: p goes (outcome hit) exactly when 0.3 < x < 0.7, with
// x ~ uniform(0, 1): x decides every world, but the effect rises then
// falls. y ~ uniform(0, 1) is irrelevant noise.
func bumpScenario(t testing.TB) *sim.Scenario {
	t.Helper()
	s, err := sim.Compile(&sim.Spec{
		ID:      "bump",
		Parties: []sim.PartySpec{{ID: "p"}},
		Params: []sim.ParamSpec{
			{Name: "y", Dist: sim.DistSpec{Kind: "uniform", Args: []float64{0, 1}}},
			{Name: "x", Dist: sim.DistSpec{Kind: "uniform", Args: []float64{0, 1}}},
		},
		Outcomes: []sim.OutcomeSpec{{ID: "hit"}, {ID: "miss"}},
		Model: sim.ModelSpec{Tree: &tree.NodeSpec{Move: "p", Choices: []tree.Branch{
			{Name: "go", Node: &tree.NodeSpec{Outcome: "hit", Payoff: []model.PayoffSpec{{Party: "p", Expr: "min(x - 0.3, 0.7 - x)"}}}},
			{Name: "stay", Node: &tree.NodeSpec{Outcome: "miss", Payoff: []model.PayoffSpec{{Party: "p", Expr: "0"}}}},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSensitivityGapFindsABump: the swing and Spearman's correlation of x
// are near 0, but the gap between its deciles is 1 (P(hit) is 1 in the
// middle deciles and 0 at the ends), and ranking by gap puts x first.
func TestSensitivityGapFindsABump(t *testing.T) {
	r, err := analysis.Sensitivity(context.Background(), bumpScenario(t), "hit", sim.Options{Iterations: 20000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.RankedBy != analysis.RankBySwing {
		t.Errorf("RankedBy = %q, want %q by default", r.RankedBy, analysis.RankBySwing)
	}
	if err := r.Rank(analysis.RankByGap); err != nil {
		t.Fatal(err)
	}
	if r.RankedBy != analysis.RankByGap || r.Params[0].Param != "x" {
		t.Fatalf("ranked by %q: first %q, want x first by gap", r.RankedBy, r.Params[0].Param)
	}
	x, y := r.Params[0], r.Params[1]
	if math.Abs(x.Swing) > 0.03 || math.Abs(x.Rho) > 0.03 {
		t.Errorf("x: swing %.3f, spearman %.3f; want both near 0 (the effect is not monotone)", x.Swing, x.Rho)
	}
	if x.Gap.Gap != 1 || x.Gap.High.P != 1 || x.Gap.Low.P != 0 {
		t.Errorf("x: gap %v (high %v, low %v), want 1 between a decile where hit is sure and one where it never happens", x.Gap.Gap, x.Gap.High.P, x.Gap.Low.P)
	}
	if h := x.Gap.High; h.From < 0.3 || h.To > 0.7 || h.N < 1900 || h.N > 2100 {
		t.Errorf("x: most likely decile [%v, %v] with %d worlds, want inside (0.3, 0.7) with 2000", h.From, h.To, h.N)
	}
	if l := x.Gap.Low; l.From > 0.3 && l.To < 0.7 {
		t.Errorf("x: least likely decile [%v, %v], want one at an end", l.From, l.To)
	}
	if y.Gap.Gap > 0.1 || y.Gap.Gap <= 0 {
		t.Errorf("y (noise): gap %v, want small but positive", y.Gap.Gap)
	}
	if err := r.Rank("swng"); err == nil {
		t.Error("Rank accepted an unknown measure")
	}
}

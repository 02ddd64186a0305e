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

// thresholdScenario: p goes (outcome hit) exactly when x > 0.3, with
// x ~ uniform(0, 1); y ~ uniform(0, 1) is irrelevant noise.
func thresholdScenario(t testing.TB) *sim.Scenario {
	t.Helper()
	s, err := sim.Compile(&sim.Spec{
		ID:      "threshold",
		Parties: []sim.PartySpec{{ID: "p"}},
		Params: []sim.ParamSpec{
			{Name: "x", Dist: sim.DistSpec{Kind: "uniform", Args: []float64{0, 1}}},
			{Name: "y", Dist: sim.DistSpec{Kind: "uniform", Args: []float64{0, 1}}},
		},
		Outcomes: []sim.OutcomeSpec{{ID: "hit"}, {ID: "miss"}},
		Model: sim.ModelSpec{Tree: &tree.NodeSpec{Move: "p", Choices: []tree.Branch{
			{Name: "go", Node: &tree.NodeSpec{Outcome: "hit", Payoff: []model.PayoffSpec{{Party: "p", Expr: "x - 0.3"}}}},
			{Name: "stay", Node: &tree.NodeSpec{Outcome: "miss", Payoff: []model.PayoffSpec{{Party: "p", Expr: "0"}}}},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSensitivityFindsTheThreshold(t *testing.T) {
	s := thresholdScenario(t)
	r, err := analysis.Sensitivity(context.Background(), s, "hit", sim.Options{Iterations: 20000, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Params) != 2 || r.Params[0].Param != "x" {
		t.Fatalf("x should lead the tornado: %+v", r.Params)
	}
	x, y := r.Params[0], r.Params[1]
	if x.Low != 0 || x.High != 1 || x.Swing != 1 {
		t.Errorf("x quintiles: bottom %v, top %v; want 0 and 1", x.Low, x.High)
	}
	// Spearman of uniform x with 1[x > 0.3] is sqrt(3·0.3·0.7) ≈ 0.794.
	if want := math.Sqrt(3 * 0.3 * 0.7); math.Abs(x.Rho-want) > 0.01 {
		t.Errorf("rho(x) = %v, want %v", x.Rho, want)
	}
	if math.Abs(y.Rho) > 0.03 || math.Abs(y.Swing) > 0.03 {
		t.Errorf("noise parameter y matters: rho %v, swing %v", y.Rho, y.Swing)
	}
	if len(x.Tipping) != 1 || math.Abs(x.Tipping[0].Value-0.3) > 1e-6 || x.Tipping[0].From != "miss" || x.Tipping[0].To != "hit" {
		t.Errorf("tipping of x: %+v, want 0.3 miss→hit", x.Tipping)
	}
	if len(y.Tipping) != 0 {
		t.Errorf("tipping of y: %+v, want none", y.Tipping)
	}
}

func TestSweepIsExactOnADeterministicThreshold(t *testing.T) {
	s := thresholdScenario(t)
	var first *analysis.SweepResult
	for _, w := range []int{1, 2} {
		r, err := analysis.Sweep(context.Background(), s, []analysis.Axis{{Param: "x", Values: []float64{0.1, 0.29, 0.31, 0.9}}}, sim.Options{Iterations: 3000, Seed: 5, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{0, 0, 1, 1}
		for i, pt := range r.Points {
			if got := pt.Result.Outcomes[0].Probability; got != want[i] {
				t.Errorf("x=%v: P(hit) = %v, want %v", pt.Values[0], got, want[i])
			}
		}
		if first != nil {
			for i := range r.Points {
				if r.Points[i].Result.Outcomes[0] != first.Points[i].Result.Outcomes[0] {
					t.Errorf("workers %d differ at point %d", w, i)
				}
			}
		}
		first = r
	}
	if _, err := analysis.Sweep(context.Background(), s, []analysis.Axis{{Param: "z", Values: []float64{1}}}, sim.Options{}); err == nil {
		t.Error("swept an unknown parameter")
	}
}

func TestExplainShowsTheReasoning(t *testing.T) {
	s := thresholdScenario(t)
	e, err := s.Explain(-1, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Median x = 0.5: going is worth 0.2 to p, staying 0.
	root := e.Root
	if root.Kind != "decision" || root.Mover != "p" || len(root.Best) != 1 || root.Best[0] != "go" {
		t.Fatalf("root: %+v", root)
	}
	if math.Abs(root.Values[0]-0.2) > 1e-12 || !root.Children[0].OnPath || root.Children[1].OnPath {
		t.Errorf("values or path wrong: %+v %+v", root, root.Children)
	}
	// World 7 of seed 3 has the x that Run would draw there.
	e7, _ := s.Explain(7, 3)
	col := &struct{ x float64 }{}
	r, _ := sim.Run(context.Background(), s, sim.Options{Iterations: 8, Seed: 3, Samples: samplesFunc(func(b *sim.SampleBatch) { col.x = b.X[7*b.Slots] })})
	if r == nil || e7.Values[0].Value != col.x {
		t.Errorf("explained world 7 has x = %v, the run drew %v", e7.Values[0].Value, col.x)
	}
}

type samplesFunc func(*sim.SampleBatch)

func (f samplesFunc) WriteSamples(b *sim.SampleBatch) error { f(b); return nil }

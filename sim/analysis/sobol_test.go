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

// TestSobolIshigami checks the estimators on the Ishigami function
// (Ishigami & Homma 1990; a = 7, b = 0.1), whose indices are known in
// closed form: S1 0.3139, S2 0.4424, S3 0; ST1 0.5576, ST2 0.4424,
// ST3 0.2437.
func TestSobolIshigami(t *testing.T) {
	u := sim.DistSpec{Kind: "uniform", Args: []float64{-math.Pi, math.Pi}}
	s, err := sim.Compile(&sim.Spec{
		ID: "ishigami", Parties: []sim.PartySpec{{ID: "p"}}, Outcomes: []sim.OutcomeSpec{{ID: "o"}},
		Params: []sim.ParamSpec{{Name: "x1", Dist: u}, {Name: "x2", Dist: u}, {Name: "x3", Dist: u}},
		Model: sim.ModelSpec{Tree: &tree.NodeSpec{Outcome: "o", Payoff: []model.PayoffSpec{
			{Party: "p", Expr: "sin(x1) + 7 * sin(x2)**2 + 0.1 * x3**4 * sin(x1)"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.Sobol(context.Background(), s, analysis.SobolOptions{Party: "p", N: 20000, Seed: 1, Bootstrap: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{"x1": {0.3139, 0.5576}, "x2": {0.4424, 0.4424}, "x3": {0, 0.2437}}
	for _, ix := range r.Indices {
		w := want[ix.Param]
		if math.Abs(ix.First-w[0]) > 0.03 || math.Abs(ix.Total-w[1]) > 0.03 {
			t.Errorf("%s: S1 %.4f [%.4f, %.4f], ST %.4f [%.4f, %.4f]; want %.4f and %.4f",
				ix.Param, ix.First, ix.FirstLo, ix.FirstHi, ix.Total, ix.TotalLo, ix.TotalHi, w[0], w[1])
		}
		if !(ix.FirstLo <= ix.First && ix.First <= ix.FirstHi) {
			t.Errorf("%s: S1 outside its interval", ix.Param)
		}
	}
	if math.Abs(r.Var-13.8446) > 0.4 {
		t.Errorf("variance %v, want 13.84", r.Var)
	}
	// Same numbers for any number of workers.
	r2, _ := analysis.Sobol(context.Background(), s, analysis.SobolOptions{Party: "p", N: 20000, Seed: 1, Bootstrap: 100, Workers: 1})
	for i := range r.Indices {
		if r.Indices[i] != r2.Indices[i] {
			t.Errorf("workers change the result: %+v vs %+v", r.Indices[i], r2.Indices[i])
		}
	}
}

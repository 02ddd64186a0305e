package spatial_test

import (
	"context"
	"fmt"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/spatial"
)

// A spatial model built in Go rather than read from YAML: three actors on
// one dimension, KTAB's method, and an outcome rule on the forecast.
// Every input is a number here; an expression over parameters would make
// the forecast a distribution.
func ExampleCompile() {
	actor := func(id, capability, position, salience string) spatial.ActorSpec {
		return spatial.ActorSpec{ID: id, Capability: capability,
			Position: []model.NamedExpr{{Name: "tax", Expr: position}},
			Salience: []model.NamedExpr{{Name: "tax", Expr: salience}}}
	}
	spec := &sim.Spec{
		ID:       "tax",
		Title:    "A tax rate",
		Parties:  []sim.PartySpec{{ID: "left", Name: "Left"}, {ID: "right", Name: "Right"}},
		Outcomes: []sim.OutcomeSpec{{ID: "high", Label: "High tax"}, {ID: "low", Label: "Low tax"}},
		Model: sim.ModelSpec{Spatial: &spatial.Spec{
			Method:     "smp",
			Dimensions: []spatial.DimensionSpec{{ID: "tax", Low: "no tax", High: "the highest rate"}},
			Actors: []spatial.ActorSpec{
				actor("left", "50", "80", "70"),
				actor("right", "40", "20", "60"),
				actor("centre", "30", "50", "40"),
			},
			Outcomes: []model.OutcomeRule{{Outcome: "high", If: "forecast.tax > 50"}, {Outcome: "low"}},
		}},
	}
	s, err := sim.Compile(spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 1, Seed: 1, Workers: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range r.Metrics[:3] {
		fmt.Printf("%s %.2f\n", m.Party, m.Mean)
	}
	fmt.Println("outcome high:", r.Outcomes[0].Count)
	// Output:
	// forecast.tax 55.93
	// forecast_mean.tax 55.53
	// rounds 67.00
	// outcome high: 1
}

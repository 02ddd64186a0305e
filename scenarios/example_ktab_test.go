package scenarios_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/scenarios/ktab"
	"github.com/parley-dev/parley/sim"
)

// A KTAB case becomes a spatial scenario that runs KTAB's model in every
// world; here every input is a number, so every world is the case itself.
func ExampleFromKTAB() {
	const csv = `Budget,Three ministries and a budget,3,1,
Actor,Description,Power,Position,Salience,
FIN,Finance,60,20,80,
DEF,Defence,40,90,70,
HLT,Health,30,60,50,
`
	c, err := ktab.Read("budget.csv", strings.NewReader(csv))
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := scenarios.FromKTAB(c, "budget")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := scenarios.Parse("budget.yaml", doc, scenarios.Options{})
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
	// Output:
	// forecast.position 44.51
	// forecast_mean.position 44.93
	// rounds 93.00
}

package chart_test

import (
	"bytes"
	"fmt"

	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim"
)

func ExampleOutcomes() {
	r := &sim.Result{Scenario: "entry", Hash: "abc", Seed: 1, Iterations: 1000, Version: sim.Version,
		Outcomes: []sim.OutcomeStat{
			{ID: "war", Label: "Price war", Count: 250, Probability: 0.25, Low: 0.2244, High: 0.2775},
			{ID: "shared", Label: "Market shared", Count: 750, Probability: 0.75, Low: 0.7225, High: 0.7756},
		}}
	d := chart.Outcomes(r)
	fmt.Println(d.Describe())
	var svg bytes.Buffer
	if err := chart.Write(&svg, d, "svg", chart.Options{}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(bytes.Contains(svg.Bytes(), []byte("scenario entry")))
	// Output:
	// Outcome probabilities. probability: Price war 0.25 [0.2244, 0.2775]; Market shared 0.75 [0.7225, 0.7756].
	// true
}

package spatial_test

import (
	"fmt"

	"github.com/parley-dev/parley/sim/spatial"
)

// The EU emissions-standards example of Scholz et al.: when, in years,
// should the standard take effect? Ten rounds of the model, then the
// forecast read off the final positions.
func ExampleBDM() {
	row := func(name string, capability, position, salience float64) spatial.Actor {
		return spatial.Actor{Name: name, Capability: capability,
			Position: []float64{position}, Salience: []float64{salience}}
	}
	actors := []spatial.Actor{
		row("Netherlands", 0.08, 4, 0.8), row("Belgium", 0.08, 7, 0.4),
		row("Luxembourg", 0.03, 4, 0.2), row("Germany", 0.16, 4, 0.8),
		row("France", 0.16, 10, 0.6), row("Italy", 0.16, 10, 0.6),
		row("UK", 0.16, 10, 0.9), row("Ireland", 0.05, 7, 0.1),
		row("Denmark", 0.05, 4, 1.0), row("Greece", 0.08, 7, 0.7),
	}
	traj, err := spatial.BDM(actors, spatial.BDMOptions{Rounds: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	var f spatial.Forecaster
	for _, r := range []int{0, 1, traj.Rounds()} {
		median, mean := f.Forecast(actors, traj.Positions[r], 0)
		fmt.Printf("round %2d: median %.2f, mean %.2f\n", r, median, mean)
	}
	fmt.Println("converged:", traj.Converged)
	// Output:
	// round  0: median 7.00, mean 7.39
	// round  1: median 8.42, mean 7.46
	// round 10: median 7.00, mean 7.24
	// converged: false
}

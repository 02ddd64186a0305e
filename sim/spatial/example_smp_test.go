package spatial_test

import (
	"fmt"

	"github.com/parley-dev/parley/sim/spatial"
)

// Five actors bargain over one issue on a 0–100 scale. The four at 45–95
// settle on a compromise near 55 within four turns; the army, strongest
// and most committed, hardly moves.
func ExampleSMP() {
	actors := []spatial.Actor{
		{Name: "Army", Capability: 100, Position: []float64{20}, Salience: []float64{80}},
		{Name: "Cabinet", Capability: 60, Position: []float64{45}, Salience: []float64{50}},
		{Name: "Assembly", Capability: 40, Position: []float64{60}, Salience: []float64{40}},
		{Name: "Courts", Capability: 30, Position: []float64{75}, Salience: []float64{60}},
		{Name: "Press", Capability: 10, Position: []float64{95}, Salience: []float64{90}},
	}
	tr, err := spatial.SMP(actors, spatial.SMPOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d turns, converged %v\n", tr.Rounds(), tr.Converged)
	for r, turn := range tr.Positions {
		fmt.Printf("turn %d:", r)
		for _, p := range turn {
			fmt.Printf(" %6.2f", p[0])
		}
		fmt.Println()
	}
	// Output:
	// 4 turns, converged true
	// turn 0:  20.00  45.00  60.00  75.00  95.00
	// turn 1:  20.81  52.90  62.40  75.12  52.90
	// turn 2:  21.91  54.97  63.06  54.53  54.53
	// turn 3:  22.18  55.01  54.55  54.57  54.55
	// turn 4:  22.18  54.57  54.55  54.57  54.55
}

// A workspace runs many worlds without allocating; the trajectory it
// returns is overwritten by its next run. Two rivals at opposite corners
// barely move while the broker between them is weak; a strong broker
// brings them together.
func ExampleSMPWorkspace() {
	var ws spatial.SMPWorkspace
	actors := []spatial.Actor{
		{Name: "A", Capability: 50, Position: []float64{0, 100}, Salience: []float64{50, 50}},
		{Name: "B", Capability: 50, Position: []float64{100, 0}, Salience: []float64{50, 50}},
		{Name: "C", Capability: 10, Position: []float64{50, 50}, Salience: []float64{50, 50}},
	}
	for _, capC := range []float64{10, 200} {
		actors[2].Capability = capC
		tr, err := ws.Run(actors, spatial.SMPOptions{})
		if err != nil {
			fmt.Println(err)
			return
		}
		last := tr.Positions[len(tr.Positions)-1]
		fmt.Printf("C's capability %3.0f: after %d turns A is at (%.2f, %.2f), B at (%.2f, %.2f)\n",
			capC, tr.Rounds(), last[0][0], last[0][1], last[1][0], last[1][1])
	}
	// Output:
	// C's capability  10: after 2 turns A is at (0.58, 99.42), B at (99.42, 0.58)
	// C's capability 200: after 4 turns A is at (46.13, 53.87), B at (46.13, 53.87)
}

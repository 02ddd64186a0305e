package reports_test

import (
	"fmt"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
)

// Explain a matrix game's median world: the payoff table with best
// responses starred, every equilibrium, and why the selection rule
// (here risk dominance) chose the one played.
func ExampleWriteExplain() {
	s, err := scenarios.Load("stag-hunt", scenarios.Options{})
	if err != nil {
		panic(err)
	}
	e, err := s.Explain(-1, 1)
	if err != nil {
		panic(err)
	}
	var b strings.Builder
	reports.WriteExplain(&b, reports.Plain, e)
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		fmt.Println(strings.TrimRight(line, " ")) // table cells are padded
	}
	// Output:
	// The game in the median world (every parameter at its median) of stag-hunt
	//
	// Selection risk-dominant: equilibrium 1 has the larger product of the players' losses from deviating alone (deviation_loss_product).
	//
	// Its expected payoffs: a 3.000, b 3.000. Outcome: hare.
	//
	// Payoffs (rows: a, columns: b)
	//  a \ b    stag    hare
	//  stag   4*, 4*    0, 3
	//  hare     3, 0  3*, 3*
	// Each cell: the payoffs to a, b; * marks a best response to the others' strategies. A cell starred for every player is a pure equilibrium.
	//
	// Equilibria
	//     #  kind   a                      b                      payoff_a  payoff_b  deviation_loss_product
	//  ▶  1  pure   hare                   hare                      3.000     3.000                       9
	//     2  pure   stag                   stag                      4.000     4.000                       1
	//     3  mixed  stag 0.75 + hare 0.25  stag 0.75 + hare 0.25     3.000     3.000
	// Every extreme equilibrium, pure and mixed (two players); ▶ marks the one selected.
}

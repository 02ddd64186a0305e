package matrix_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/matrix"
	"github.com/parley-dev/parley/sim/model"
)

// TestNoPureEquilibriumIsCounted: with three players only pure equilibria
// are enumerated; a game with none (three-player matching pennies: a
// matches b, b matches c, c avoids a) is counted as such, not as a world
// with one equilibrium.
func TestNoPureEquilibriumIsCounted(t *testing.T) {
	spec := &matrix.MatrixSpec{
		Players:    []string{"a", "b", "c"},
		Strategies: []matrix.NamedList{{Name: "a", Items: []string{"h", "t"}}, {Name: "b", Items: []string{"h", "t"}}, {Name: "c", Items: []string{"h", "t"}}},
		Outcomes:   []model.OutcomeRule{{Outcome: "played"}},
	}
	b2f := map[bool]string{true: "1", false: "0"}
	for _, x := range []string{"h", "t"} {
		for _, y := range []string{"h", "t"} {
			for _, z := range []string{"h", "t"} {
				spec.Payoffs = append(spec.Payoffs, matrix.ProfilePayoff{Profile: []string{x, y, z}, Payoff: []model.PayoffSpec{
					{Party: "a", Expr: b2f[x == y]}, {Party: "b", Expr: b2f[y == z]}, {Party: "c", Expr: b2f[z != x]}}})
			}
		}
	}
	s, err := sim.Compile(&sim.Spec{ID: "pennies3", Parties: []sim.PartySpec{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Outcomes: []sim.OutcomeSpec{{ID: "played"}}, Model: sim.ModelSpec{Matrix: spec}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 50, Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tl := range r.Tallies {
		if tl.Name != "equilibria" {
			continue
		}
		got := map[string]int64{}
		for _, row := range tl.Rows {
			got[row.Label] = row.Count
		}
		if got["no pure equilibrium"] != 50 || got["1 equilibrium"] != 0 {
			t.Errorf("equilibria tally %v, want all 50 worlds under \"no pure equilibrium\"", fmt.Sprint(got))
		}
		return
	}
	t.Fatal("no equilibria tally")
}

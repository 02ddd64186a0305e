package sim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
)

// A two-move game built by hand: an entrant enters a market or stays out;
// if it enters, the incumbent fights or accommodates. A fight is worth
// 5 - fight_cost to the incumbent against 2 for accommodating, so it is
// credible only when fight_cost < 3; with fight_cost uniform on [1, 6]
// that is 40% of the worlds, and the entrant stays out of exactly those.
func ExampleRun() {
	spec := &sim.Spec{
		ID:      "entry",
		Parties: []sim.PartySpec{{ID: "entrant"}, {ID: "incumbent"}},
		Params: []sim.ParamSpec{
			{Name: "fight_cost", Dist: sim.DistSpec{Kind: "uniform", Args: []float64{1, 6}}},
		},
		Outcomes: []sim.OutcomeSpec{
			{ID: "monopoly", Label: "Entrant stays out"},
			{ID: "shared", Label: "Entrant enters, incumbent accommodates"},
			{ID: "war", Label: "Entrant enters, incumbent fights"},
		},
		Model: sim.ModelSpec{Tree: &tree.NodeSpec{
			Move: "entrant",
			Choices: []tree.Branch{
				{Name: "out", Node: &tree.NodeSpec{Outcome: "monopoly",
					Payoff: []model.PayoffSpec{{Party: "entrant", Expr: "0"}, {Party: "incumbent", Expr: "5"}}}},
				{Name: "enter", Node: &tree.NodeSpec{
					Move: "incumbent",
					Choices: []tree.Branch{
						{Name: "fight", Node: &tree.NodeSpec{Outcome: "war",
							Payoff: []model.PayoffSpec{{Party: "entrant", Expr: "-2"}, {Party: "incumbent", Expr: "5 - fight_cost"}}}},
						{Name: "accommodate", Node: &tree.NodeSpec{Outcome: "shared",
							Payoff: []model.PayoffSpec{{Party: "entrant", Expr: "1"}, {Party: "incumbent", Expr: "2"}}}},
					},
				}},
			},
		}},
	}
	s, err := sim.Compile(spec)
	if err != nil {
		log.Fatal(err)
	}
	res, err := sim.Run(context.Background(), s, sim.Options{Iterations: 1000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range res.Outcomes {
		fmt.Printf("%-8s %.3f  %s\n", o.ID, o.Probability, o.Label)
	}
	// Output:
	// monopoly 0.395  Entrant stays out
	// shared   0.605  Entrant enters, incumbent accommodates
	// war      0.000  Entrant enters, incumbent fights
}

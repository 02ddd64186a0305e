package game_test

import (
	"context"
	"fmt"

	"github.com/parley-dev/parley/sim/game"
)

// The battle of the sexes: two pure equilibria and a mixed one, printed as
// Gambit prints them.
func ExampleEnumMixed() {
	g, _ := game.Bimatrix(
		[][]float64{{2, 0}, {0, 1}},
		[][]float64{{1, 0}, {0, 2}})
	eqs, _ := game.EnumMixed(g)
	for _, e := range eqs {
		fmt.Println("NE," + e.String())
	}
	// Output:
	// NE,0,1,0,1
	// NE,2/3,1/3,1/3,2/3
	// NE,1,0,1,0
}

func ExampleEnumPure() {
	// Prisoner's dilemma: strategy 0 cooperates, 1 defects.
	g, _ := game.Bimatrix(
		[][]float64{{3, 0}, {5, 1}},
		[][]float64{{3, 5}, {0, 1}})
	fmt.Println(game.EnumPure(g))
	// Output:
	// [[1 1]]
}

// EnumPureInto reuses a Workspace, so that a Monte Carlo loop solving one
// small game per sampled world does not allocate.
func ExampleEnumPureInto() {
	var ws game.Workspace
	var found []int
	g := game.NewStrategic(2, 2)
	g.SetPayoffs([]int{0, 0}, 2, 2)
	g.SetPayoffs([]int{1, 1}, 1, 1)
	for _, temptation := range []float64{0, 3} {
		// A coordination game in which player 1 may be tempted to leave
		// the first equilibrium.
		g.SetPayoffs([]int{1, 0}, temptation, 0)
		found = game.EnumPureInto(&ws, g, found[:0])
		fmt.Println(temptation, found)
	}
	// Output:
	// 0 [0 3]
	// 3 [3]
}

// LogitLimitInto answers a 2×2 game in closed form, without tracing, into
// a profile the caller keeps from world to world.
func ExampleLogitLimitInto() {
	var ws game.Workspace
	sel := game.Mixed{{0, 0}, {0, 0}}
	// A stag hunt: hare, safe against a partner mixing evenly, is where the
	// logit path ends; with the stag worth 8 instead of 4, stag is.
	for _, stag := range []float64{4, 8} {
		g, _ := game.Bimatrix(
			[][]float64{{stag, 0}, {3, 3}},
			[][]float64{{stag, 3}, {0, 3}})
		method, err := game.LogitLimitInto(&ws, g, sel)
		fmt.Println(stag, sel, method, err)
	}
	// Output:
	// 4 [[0 1] [0 1]] logit <nil>
	// 8 [[1 0] [1 0]] logit <nil>
}

func ExampleLemkeHowson() {
	// Matching pennies has one equilibrium, which every path finds.
	g, _ := game.Bimatrix(
		[][]float64{{1, -1}, {-1, 1}},
		[][]float64{{-1, 1}, {1, -1}})
	e, _ := game.LemkeHowson(g, 0)
	fmt.Println(e, e.IsExact())
	// Output:
	// 1/2,1/2,1/2,1/2 true
}

// Logit tracing selects the risk-dominant equilibrium of the stag hunt.
func ExampleLogitLimit() {
	g, _ := game.Bimatrix(
		[][]float64{{4, 0}, {3, 3}},
		[][]float64{{4, 3}, {0, 3}})
	q, _ := game.Logit(g, game.LogitOptions{Lambda: 1})
	fmt.Printf("λ=1: stag %.4f\n", q.Profile[0][0])
	e, _ := game.LogitLimit(g, game.LogitOptions{})
	fmt.Println("limit:", e)
	risk, _ := game.RiskDominant(g)
	fmt.Println("risk dominant:", risk)
	// Output:
	// λ=1: stag 0.0594
	// limit: 0,1,0,1
	// risk dominant: [1 1]
}

func ExampleIteratedDominance() {
	g, _ := game.Bimatrix(
		[][]float64{{3, 0}, {1, 1}, {0, 3}},
		[][]float64{{1, 0}, {0, 1}, {1, 0}})
	survivors, seq, _ := game.IteratedDominance(g, game.DominanceOptions{Mixed: true})
	for _, e := range seq {
		fmt.Printf("round %d: player %d drops strategy %d (dominated by %.2g)\n",
			e.Round, e.Player+1, e.Strategy+1, e.By)
	}
	fmt.Println("survivors:", survivors)
	// Output:
	// round 1: player 1 drops strategy 2 (dominated by [0.5 0 0.5])
	// round 2: player 2 drops strategy 2 (dominated by [1 0])
	// round 3: player 1 drops strategy 3 (dominated by [1 0 0])
	// survivors: [[0] [0]]
}

// An entry game: player 1 stays out or enters; after entry player 2 fights
// or accommodates. Its reduced strategic form names strategies as Gambit
// does, one digit per information set.
func ExampleExtensive_Reduced() {
	leaf := func(a, b float64) *game.Node {
		return &game.Node{Outcome: &game.Outcome{Payoffs: []float64{a, b}}}
	}
	e := &game.Extensive{
		Players: []string{"Entrant", "Incumbent"},
		Root: &game.Node{
			Infoset: &game.Infoset{Player: 0, Actions: []string{"Out", "In"}},
			Children: []*game.Node{
				leaf(0, 2),
				{
					Infoset:  &game.Infoset{Player: 1, Actions: []string{"Fight", "Accommodate"}},
					Children: []*game.Node{leaf(-1, -1), leaf(1, 1)},
				},
			},
		},
	}
	g, _ := e.Reduced()
	for _, p := range game.EnumPure(g) {
		fmt.Println(g.StrategyName(0, p[0]), g.StrategyName(1, p[1]))
	}
	// Output:
	// 1 1
	// 2 2
}

func ExampleMaxGain() {
	g, _ := game.Bimatrix(
		[][]float64{{1, -1}, {-1, 1}},
		[][]float64{{-1, 1}, {1, -1}})
	fmt.Println(game.MaxGain(g, game.Uniform(g)))
	fmt.Println(game.MaxGain(g, game.Pure(g, []int{0, 0})))
	// Output:
	// 0
	// 2
}

// Solve chooses a solver by name, as a command line does; with no method
// it enumerates every extreme equilibrium of a two-player game.
func ExampleSolve() {
	g, _ := game.Bimatrix(
		[][]float64{{2, 0}, {0, 1}},
		[][]float64{{1, 0}, {0, 2}})
	sol, _ := game.Solve(context.Background(), g, game.SolveOptions{})
	fmt.Println(sol.Method, sol.Complete)
	for _, e := range sol.Equilibria {
		fmt.Println("NE," + e.String())
	}
	// Output:
	// enummixed true
	// NE,0,1,0,1
	// NE,2/3,1/3,1/3,2/3
	// NE,1,0,1,0
}

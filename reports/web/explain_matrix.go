package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/game"
)

// matrixExplain is the explain view of a two-player matrix game in the
// median world: the payoff table with each player's best responses
// marked, and the equilibria as `parley solve` lists them.
type matrixExplain struct {
	Row, Col   string   // the players
	Rows, Cols []string // their strategies
	Cells      [][]cell
	Equilibria reports.Table
	Err        string
}

type cell struct {
	A, B         string // the row player's payoff, the column player's
	BestA, BestB bool   // a best response to the other's strategy
	Pure         bool   // both: a pure equilibrium
}

// bestTol treats payoffs this close as tied, as equal best responses.
const bestTol = 1e-9

func (s *Server) explainMatrix(r *http.Request, sc *sim.Scenario) *matrixExplain {
	v := &matrixExplain{}
	g, err := sc.MedianGame()
	if err != nil {
		v.Err = err.Error()
		return v
	}
	if g.NumPlayers() != 2 {
		v.Err = "the payoff table is drawn for two players; this game has " + strconv.Itoa(g.NumPlayers())
		return v
	}
	v.Row, v.Col = g.PlayerName(0), g.PlayerName(1)
	m, n := g.NumStrategies(0), g.NumStrategies(1)
	for i := range m {
		v.Rows = append(v.Rows, g.StrategyName(0, i))
	}
	for j := range n {
		v.Cols = append(v.Cols, g.StrategyName(1, j))
	}
	pay := func(i, j, p int) float64 { return g.Payoff([]int{i, j}, p) }
	v.Cells = make([][]cell, m)
	for i := range m {
		v.Cells[i] = make([]cell, n)
		for j := range n {
			c := &v.Cells[i][j]
			c.A, c.B = strconv.FormatFloat(pay(i, j, 0), 'g', 4, 64), strconv.FormatFloat(pay(i, j, 1), 'g', 4, 64)
			c.BestA, c.BestB = true, true
			for k := range m {
				if pay(k, j, 0) > pay(i, j, 0)+bestTol {
					c.BestA = false
				}
			}
			for k := range n {
				if pay(i, k, 1) > pay(i, j, 1)+bestTol {
					c.BestB = false
				}
			}
			c.Pure = c.BestA && c.BestB
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RunTimeout)
	defer cancel()
	sol, err := game.Solve(ctx, g, game.SolveOptions{})
	if err != nil {
		v.Err = err.Error()
		return v
	}
	doc := reports.Equilibria(&reports.Solved{Source: sc.ID, Method: sol.Method, Game: g, Equilibria: sol.Equilibria})
	if len(doc.Tables) > 0 {
		v.Equilibria = doc.Tables[0]
	}
	return v
}

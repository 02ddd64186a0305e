package web

import (
	"slices"
	"strconv"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
)

// matrixExplain is the explain view of a matrix game: for two players
// the payoff table drawn with each player's best responses marked, and
// then `parley explain`'s own tables and verdict (the equilibria and why
// the selection rule picks one).
type matrixExplain struct {
	Row, Col   string   // the players
	Rows, Cols []string // their strategies
	Cells      [][]cell
	Doc        *reports.Document
}

type cell struct {
	A, B         string // the row player's payoff, the column player's
	BestA, BestB bool   // a best response to the other's strategy
	Pure         bool   // both: a pure equilibrium
}

func explainMatrix(e *sim.Explanation) *matrixExplain {
	x := e.Matrix
	v := &matrixExplain{Doc: reports.ExplainDocument(e)}
	// The drawn table replaces the text one; the values are on the page too.
	v.Doc.Tables = slices.DeleteFunc(v.Doc.Tables, func(t reports.Table) bool { return t.Name == "values" })
	if len(x.Players) != 2 {
		return v // more players: the tables alone
	}
	v.Doc.Tables = slices.DeleteFunc(v.Doc.Tables, func(t reports.Table) bool { return t.Name == "payoffs" })
	v.Row, v.Col, v.Rows, v.Cols = x.Players[0], x.Players[1], x.Strategies[0], x.Strategies[1]
	v.Cells = make([][]cell, len(v.Rows))
	for i := range v.Cells {
		v.Cells[i] = make([]cell, len(v.Cols))
	}
	for _, c := range x.Cells {
		i, j := c.Profile[0], c.Profile[1]
		v.Cells[i][j] = cell{A: strconv.FormatFloat(c.Payoffs[0], 'g', 4, 64), B: strconv.FormatFloat(c.Payoffs[1], 'g', 4, 64),
			BestA: c.Best[0], BestB: c.Best[1], Pure: c.Best[0] && c.Best[1]}
	}
	return v
}

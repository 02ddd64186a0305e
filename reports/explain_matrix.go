package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
)

// matrixDocument explains one world of a matrix game: the payoff table
// with best responses starred, every equilibrium, and why the selection
// rule chose the one played.
func matrixDocument(e *sim.Explanation) *Document {
	x := e.Matrix
	d := &Document{Notes: []string{explainHeading("The game", e)}}
	d.Notes = append(d.Notes, matrixVerdict(e)...)
	if len(e.Values) > 0 {
		d.Tables = append(d.Tables, valuesTable(e))
	}
	d.Tables = append(d.Tables, payoffTable(x), equilibriaTable(x))
	return d
}

// cellText is a profile's payoffs, a best response starred.
func cellText(c model.MatrixCell) string {
	var parts []string
	for i, v := range c.Payoffs {
		s := strconv.FormatFloat(v, 'g', 4, 64)
		if c.Best[i] {
			s += "*"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// payoffTable is the bimatrix (rows: the first player's strategies,
// columns: the second's), or one row per profile for more players.
func payoffTable(x *model.MatrixExplanation) Table {
	note := "Each cell: the payoffs to " + strings.Join(x.Players, ", ") + "; * marks a best response to the others' strategies. A cell starred for every player is a pure equilibrium."
	if len(x.Players) == 2 {
		t := Table{Name: "payoffs", Title: fmt.Sprintf("Payoffs (rows: %s, columns: %s)", x.Players[0], x.Players[1]),
			Header: []string{x.Players[0] + " \\ " + x.Players[1]}, Align: []Align{Left}, Note: note}
		for _, s := range x.Strategies[1] {
			t.Header = append(t.Header, s)
			t.Align = append(t.Align, Right)
		}
		rows := len(x.Strategies[0])
		for r := range rows {
			row := []string{x.Strategies[0][r]}
			for c := range x.Strategies[1] {
				row = append(row, cellText(x.Cells[r+c*rows]))
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	t := Table{Name: "payoffs", Title: "Payoffs per profile", Header: []string{"profile", "payoffs"}, Align: []Align{Left, Right}, Note: note}
	for _, c := range x.Cells {
		t.Rows = append(t.Rows, []string{profileText(x, c.Profile), cellText(c)})
	}
	return t
}

func profileText(x *model.MatrixExplanation, prof []int) string {
	var parts []string
	for i, s := range prof {
		parts = append(parts, x.Players[i]+"="+x.Strategies[i][s])
	}
	return strings.Join(parts, ", ")
}

// mixText is one player's part of an equilibrium: a strategy, or the
// strategies played with their probabilities.
func mixText(strats []string, p []float64) string {
	var parts []string
	for j, q := range p {
		switch {
		case q == 1:
			return strats[j]
		case q > 0:
			parts = append(parts, fmt.Sprintf("%s %s", strats[j], strconv.FormatFloat(q, 'g', 4, 64)))
		}
	}
	return strings.Join(parts, " + ")
}

func equilibriaTable(x *model.MatrixExplanation) Table {
	t := Table{Name: "equilibria", Title: "Equilibria", Header: []string{"", "#", "kind"}, Align: []Align{Left, Right, Left}}
	for _, p := range x.Players {
		t.Header = append(t.Header, p)
		t.Align = append(t.Align, Left)
	}
	for _, p := range x.Players {
		t.Header = append(t.Header, "payoff_"+p)
		t.Align = append(t.Align, Right)
	}
	risk := false
	for _, q := range x.Equilibria {
		risk = risk || !math.IsNaN(q.Risk)
	}
	if risk {
		t.Header = append(t.Header, "deviation_loss_product")
		t.Align = append(t.Align, Right)
	}
	for j, q := range x.Equilibria {
		mark := ""
		if j == x.Selected {
			mark = "▶"
		}
		kind := "mixed"
		if q.Pure {
			kind = "pure"
		}
		row := []string{mark, strconv.Itoa(j + 1), kind}
		for i := range x.Players {
			row = append(row, mixText(x.Strategies[i], q.Mix[i]))
		}
		for _, v := range q.Payoffs {
			row = append(row, num3(v))
		}
		if risk {
			r := ""
			if !math.IsNaN(q.Risk) {
				r = strconv.FormatFloat(q.Risk, 'g', 4, 64)
			}
			row = append(row, r)
		}
		t.Rows = append(t.Rows, row)
	}
	if x.Mixed {
		t.Note = "Every extreme equilibrium, pure and mixed (two players); ▶ marks the one selected."
	} else {
		t.Note = "Pure equilibria only (more than two players); ▶ marks the one selected."
	}
	return t
}

// matrixVerdict says which equilibrium the rule selected and why.
func matrixVerdict(e *sim.Explanation) []string {
	x := e.Matrix
	n := len(x.Equilibria)
	sel := "the equilibrium played"
	if x.Selected >= 0 {
		sel = fmt.Sprintf("equilibrium %d", x.Selected+1)
	}
	var why string
	switch x.DecidedBy {
	case "only":
		why = fmt.Sprintf("The game has one equilibrium, so every selection rule (this scenario's: %s) picks it.", x.Selection)
	case "uniform":
		why = fmt.Sprintf("Selection uniform: %s was drawn at random, each of the %d equilibria equally likely.", sel, n)
	case "payoff-dominant":
		why = fmt.Sprintf("Selection payoff-dominant: %s gives every player more than each of the other %d equilibria.", sel, n-1)
	case "risk-dominant":
		why = fmt.Sprintf("Selection risk-dominant: %s has the larger product of the players' losses from deviating alone (deviation_loss_product).", sel)
	default:
		if x.Selection != "logit" {
			none := map[string]string{"payoff-dominant": "no equilibrium gives every player more than every other",
				"risk-dominant": "the game is not one of two strict pure equilibria on a diagonal with unequal deviation-loss products",
				"uniform":       "the game has no equilibrium to draw from"}[x.Selection]
			why = fmt.Sprintf("Selection %s singles out none of the %d equilibria (%s), so the logit rule decides. ", x.Selection, n, none)
		}
		if x.DecidedBy == "logit" {
			why += fmt.Sprintf("Logit tracing follows the quantal-response equilibria from uniform play as the players grow rational (λ → ∞); its limit is %s.", sel)
		} else {
			why += fmt.Sprintf("Logit tracing fell back (%s): %s.", x.DecidedBy, x.Note)
		}
	}
	var pay []string
	for i, p := range x.Players {
		pay = append(pay, fmt.Sprintf("%s %s", p, num3(x.Payoffs[i])))
	}
	out := "Its expected payoffs: " + strings.Join(pay, ", ") + "."
	if e.Outcome != "" {
		out += " Outcome: " + e.Outcome + "."
	} else {
		out += " The profile played is drawn from the mixture, and the outcome with it."
	}
	return []string{why, out}
}

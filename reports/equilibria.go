package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/game"
)

// Solved is a game and the equilibria a method found for it.
type Solved struct {
	Source     string // file or scenario it came from
	Method     string
	Game       *game.Strategic
	Equilibria []game.Equilibrium
	Lambda     float64 // for a quantal response equilibrium at a given λ
	// Incomplete, when not empty, says why the list may lack equilibria:
	// the search was stopped before its end.
	Incomplete string
	// SolvedBy names the method that produced the equilibria when it is
	// not Method (a fallback), and Note says why.
	SolvedBy, Note string
}

// probText prints a probability exactly when it is known exactly.
func probText(e game.Equilibrium, p, s int) string {
	if e.Exact != nil {
		return e.Exact[p][s].RatString()
	}
	return strconv.FormatFloat(e.Mixed[p][s], 'g', 6, 64)
}

// Equilibria lists the equilibria as a game theorist reads them: for each
// player the strategies played with their probabilities (exact fractions
// where the method is exact), then every player's expected payoff.
func Equilibria(s *Solved) *Document {
	g := s.Game
	d := &Document{Provenance: fmt.Sprintf("game %s · method %s · parley %s", s.Source, s.Method, sim.Version)}
	method := s.Method
	if s.SolvedBy != "" {
		method = s.Method + " → fallback: " + s.SolvedBy
	}
	found := "found"
	if s.Incomplete != "" {
		found = "found so far, list incomplete"
	}
	t := Table{Name: "equilibria", Title: fmt.Sprintf("Equilibria (%s): %d %s", method, len(s.Equilibria), found), Header: []string{"equilibrium"}, Align: []Align{Right}}
	for p := range g.NumPlayers() {
		t.Header = append(t.Header, playerName(g, p))
		t.Align = append(t.Align, Left)
	}
	for p := range g.NumPlayers() {
		t.Header = append(t.Header, "payoff "+playerName(g, p))
		t.Align = append(t.Align, Right)
	}
	for i, e := range s.Equilibria {
		row := []string{strconv.Itoa(i + 1)}
		for p := range g.NumPlayers() {
			var parts []string
			for st := range g.NumStrategies(p) {
				if e.Mixed[p][st] > 1e-12 {
					parts = append(parts, strategyName(g, p, st)+"="+probText(e, p, st))
				}
			}
			row = append(row, strings.Join(parts, ", "))
		}
		for _, u := range g.ExpectedPayoffs(e.Mixed) {
			row = append(row, strconv.FormatFloat(u, 'g', 6, 64))
		}
		t.Rows = append(t.Rows, row)
	}
	var notes []string
	if s.Incomplete != "" {
		notes = append(notes, s.Incomplete)
	} else if len(s.Equilibria) == 0 {
		notes = append(notes, "No equilibrium found by this method (for enumpure: the game has no pure-strategy equilibrium).")
	}
	if s.Note != "" {
		notes = append(notes, s.Note)
	}
	t.Note = strings.Join(notes, " ")
	d.Tables = append(d.Tables, t)
	return d
}

func playerName(g *game.Strategic, p int) string {
	if n := g.PlayerName(p); n != "" {
		return n
	}
	return fmt.Sprintf("player %d", p+1)
}

func strategyName(g *game.Strategic, p, s int) string {
	if n := g.StrategyName(p, s); n != "" {
		return n
	}
	return strconv.Itoa(s + 1)
}

// SolveSchema names the solve JSON document's version.
const SolveSchema = "parley.solve/v1"

// SolveJSON is the JSON document of parley solve. Profiles hold one list
// of probabilities per player, in the file's strategy order.
type SolveJSON struct {
	Schema     string            `json:"schema"`
	Game       string            `json:"game"`
	Method     string            `json:"method"`
	Players    []string          `json:"players"`
	Strategies [][]string        `json:"strategies"`
	Equilibria []EquilibriumJSON `json:"equilibria"`
	// Complete is false when the search was stopped before its end
	// (interrupted, or past a memory bound): the list may lack equilibria,
	// and Incomplete says why.
	Complete   bool   `json:"complete"`
	Incomplete string `json:"incomplete,omitempty"`
	// SolvedBy names the method that produced the equilibria when it is
	// not Method (a fallback); Note says why.
	SolvedBy string `json:"solved_by,omitempty"`
	Note     string `json:"note,omitempty"`
	// Overrides lists every --set applied to a matrix scenario.
	Overrides Overrides `json:"overrides"`
}

// EquilibriumJSON is one equilibrium.
type EquilibriumJSON struct {
	Profile [][]float64 `json:"profile"`
	Payoffs []float64   `json:"payoffs"`
	Exact   [][]string  `json:"exact,omitempty"` // the same probabilities as fractions, when exact
}

// SolveDocument builds the JSON document.
func SolveDocument(s *Solved) *SolveJSON {
	g := s.Game
	doc := &SolveJSON{Schema: SolveSchema, Game: s.Source, Method: s.Method, Equilibria: []EquilibriumJSON{},
		Complete: s.Incomplete == "", Incomplete: s.Incomplete, SolvedBy: s.SolvedBy, Note: s.Note, Overrides: Overrides{}.clean()}
	for p := range g.NumPlayers() {
		doc.Players = append(doc.Players, playerName(g, p))
		var names []string
		for st := range g.NumStrategies(p) {
			names = append(names, strategyName(g, p, st))
		}
		doc.Strategies = append(doc.Strategies, names)
	}
	for _, e := range s.Equilibria {
		ej := EquilibriumJSON{Profile: e.Mixed, Payoffs: g.ExpectedPayoffs(e.Mixed)}
		if e.Exact != nil {
			for p := range e.Exact {
				var fr []string
				for _, r := range e.Exact[p] {
					fr = append(fr, r.RatString())
				}
				ej.Exact = append(ej.Exact, fr)
			}
		}
		doc.Equilibria = append(doc.Equilibria, ej)
	}
	return doc
}

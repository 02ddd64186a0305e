package reports

import (
	"math"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
)

// ExplainSchema names the version of the explain JSON document.
const ExplainSchema = "parley.explain/v1"

// ExplainJSON is the JSON document of parley explain
// (docs/json-schema.md): the world's values and one of tree, issues and
// matrix, by the scenario's form.
type ExplainJSON struct {
	Schema    string      `json:"schema"`
	Scenario  string      `json:"scenario"`
	Form      string      `json:"form"`
	Iteration int64       `json:"iteration"` // -1: the median world
	Parties   []string    `json:"parties"`
	Values    []ValueJSON `json:"values"`
	Ties      string      `json:"ties,omitempty"`
	Outcome   string      `json:"outcome,omitempty"` // absent when drawn
	Tree      *NodeJSON   `json:"tree,omitempty"`
	Issues    *IssuesJSON `json:"issues,omitempty"`
	Matrix    *MatrixJSON `json:"matrix,omitempty"`
}

// ValueJSON is a parameter's or derived value's value in the world.
type ValueJSON struct {
	Name  string `json:"name"`
	Value Number `json:"value"`
}

// NodeJSON is one node of an explained tree.
type NodeJSON struct {
	Edge     string      `json:"edge,omitempty"`
	Label    string      `json:"label,omitempty"`
	Kind     string      `json:"kind"`
	Mover    string      `json:"mover,omitempty"`
	Prob     *Number     `json:"prob,omitempty"` // under a chance node
	Values   []Number    `json:"values"`
	Best     []string    `json:"best,omitempty"`
	TiedWith []string    `json:"tied_with,omitempty"`
	Outcome  string      `json:"outcome,omitempty"`
	OnPath   bool        `json:"on_path"`
	Children []*NodeJSON `json:"children,omitempty"`
}

// IssuesJSON is an explained world of an issues model.
type IssuesJSON struct {
	Solution     string        `json:"solution"`
	Parties      []string      `json:"parties"`
	Negotiators  []string      `json:"negotiators"`
	Issues       []string      `json:"issues"`
	WalkAway     []Number      `json:"walk_away"`
	Power        []Number      `json:"power,omitempty"`
	Demands      []ItemJSON    `json:"demands"`
	Constraints  []ItemJSON    `json:"constraints"`
	Packages     []PackageJSON `json:"packages"`
	Total        int           `json:"total_packages"`
	Feasible     int           `json:"feasible_packages"`
	Chosen       int           `json:"chosen"`    // index in packages; -1: no deal
	RunnerUp     int           `json:"runner_up"` // index in packages; -1: none
	Blockers     []string      `json:"blockers,omitempty"`
	NoZOPA       bool          `json:"no_zopa,omitempty"`
	OnlyTogether bool          `json:"only_together,omitempty"`
}

// ItemJSON is a demand or constraint in the world.
type ItemJSON struct {
	Name    string  `json:"name"`
	Party   string  `json:"party"`
	Reason  string  `json:"reason,omitempty"`
	Hard    bool    `json:"hard,omitempty"`
	Firm    *Number `json:"firm,omitempty"` // demands
	InForce bool    `json:"in_force"`
	Dropped bool    `json:"dropped"`
}

// PackageJSON is one package in the world.
type PackageJSON struct {
	Label    string   `json:"label"`
	Options  []string `json:"options"`
	Utility  []Number `json:"utility"`
	Feasible bool     `json:"feasible"`
	Score    Number   `json:"score"`   // null when not feasible; nash: the log of the weighted Nash product
	Surplus  Number   `json:"surplus"` // null when not feasible
	Below    []string `json:"below_walk_away"`
	Violates []string `json:"violates"`
}

// MatrixJSON is an explained world of a matrix game.
type MatrixJSON struct {
	Players    []string               `json:"players"`
	Strategies [][]string             `json:"strategies"`
	Cells      []CellJSON             `json:"cells"`
	Equilibria []WorldEquilibriumJSON `json:"equilibria"`
	Mixed      bool                   `json:"mixed_searched"`
	Selection  string                 `json:"selection"`
	DecidedBy  string                 `json:"decided_by"`
	Note       string                 `json:"note,omitempty"`
	Selected   int                    `json:"selected"` // index in equilibria; -1: none of them
	Played     [][]Number             `json:"played"`
	Payoffs    []Number               `json:"payoffs"`
}

// CellJSON is one profile of the payoff table.
type CellJSON struct {
	Profile []int    `json:"profile"`
	Payoffs []Number `json:"payoffs"`
	Best    []bool   `json:"best_response"`
}

// WorldEquilibriumJSON is one equilibrium of an explained world's game.
type WorldEquilibriumJSON struct {
	Mix     [][]Number `json:"mix"`
	Payoffs []Number   `json:"payoffs"`
	Pure    bool       `json:"pure"`
	Risk    *Number    `json:"deviation_loss_product,omitempty"`
}

// ExplainJSONOf builds the JSON document of an explanation.
func ExplainJSONOf(e *sim.Explanation) *ExplainJSON {
	doc := &ExplainJSON{Schema: ExplainSchema, Scenario: e.Scenario, Form: e.Form, Iteration: e.Iteration, Parties: e.Parties,
		Values: []ValueJSON{}, Ties: e.Ties, Outcome: e.Outcome}
	for _, v := range e.Values {
		doc.Values = append(doc.Values, ValueJSON{v.Name, Number(v.Value)})
	}
	if e.Root != nil {
		doc.Tree = nodeJSON(e.Root, false)
	}
	if x := e.Issues; x != nil {
		ij := &IssuesJSON{Solution: x.Solution, Parties: x.Parties, Negotiators: x.Negotiators, Issues: x.Issues, WalkAway: numbers(x.BATNA),
			Demands: []ItemJSON{}, Constraints: []ItemJSON{}, Packages: []PackageJSON{}, Total: x.Total, Feasible: x.Feasible,
			Chosen: x.Chosen, RunnerUp: x.RunnerUp, Blockers: x.Blockers, NoZOPA: x.NoZOPA, OnlyTogether: x.OnlyTogether}
		if x.Power != nil {
			ij.Power = numbers(x.Power)
		}
		for _, d := range x.Demands {
			f := Number(d.Firm)
			ij.Demands = append(ij.Demands, ItemJSON{d.Name, d.Party, d.Reason, false, &f, d.InForce, d.Dropped})
		}
		for _, c := range x.Constraints {
			ij.Constraints = append(ij.Constraints, ItemJSON{c.Name, c.Party, c.Reason, c.Hard, nil, c.InForce, c.Dropped})
		}
		for _, p := range x.Packages {
			ij.Packages = append(ij.Packages, PackageJSON{p.Label, p.Options, numbers(p.Utility), p.Feasible, Number(p.Score), Number(p.Surplus),
				orEmpty(p.Below), orEmpty(p.Violates)})
		}
		doc.Issues = ij
	}
	if x := e.Matrix; x != nil {
		mj := &MatrixJSON{Players: x.Players, Strategies: x.Strategies, Cells: []CellJSON{}, Equilibria: []WorldEquilibriumJSON{}, Mixed: x.Mixed,
			Selection: x.Selection, DecidedBy: x.DecidedBy, Note: x.Note, Selected: x.Selected, Played: mixJSON(x.Played), Payoffs: numbers(x.Payoffs)}
		for _, c := range x.Cells {
			mj.Cells = append(mj.Cells, CellJSON{c.Profile, numbers(c.Payoffs), c.Best})
		}
		for _, q := range x.Equilibria {
			ej := WorldEquilibriumJSON{Mix: mixJSON(q.Mix), Payoffs: numbers(q.Payoffs), Pure: q.Pure}
			if !math.IsNaN(q.Risk) {
				r := Number(q.Risk)
				ej.Risk = &r
			}
			mj.Equilibria = append(mj.Equilibria, ej)
		}
		doc.Matrix = mj
	}
	return doc
}

func nodeJSON(n *model.NodeExplanation, underChance bool) *NodeJSON {
	nj := &NodeJSON{Edge: n.Edge, Label: n.Label, Kind: n.Kind, Mover: n.Mover, Values: numbers(n.Values), Best: n.Best,
		TiedWith: n.TiedWith, Outcome: n.Outcome, OnPath: n.OnPath}
	if underChance {
		p := Number(n.Prob)
		nj.Prob = &p
	}
	for _, c := range n.Children {
		nj.Children = append(nj.Children, nodeJSON(c, n.Kind == "chance"))
	}
	return nj
}

func mixJSON(m [][]float64) [][]Number {
	out := [][]Number{}
	for _, p := range m {
		out = append(out, numbers(p))
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

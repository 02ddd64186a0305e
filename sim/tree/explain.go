package tree

import (
	"math"
	"slices"

	"github.com/parley-dev/parley/sim/model"
)

// explainWorld solves world w of the tree by backward induction and
// returns every node with its value to each party, the mover's best
// actions and whether the equilibrium reaches it (parley explain).
func (t *tree) Explain(w *model.World, _ []bool) (*model.Explanation, error) {
	sv := t.NewSolver(nil).(*treeSolver)
	if err := sv.backward(w); err != nil {
		return nil, err
	}
	P := t.parties
	var build func(i int, onPath bool) *model.NodeExplanation
	build = func(i int, onPath bool) *model.NodeExplanation {
		n := &t.nodes[i]
		ne := &model.NodeExplanation{Edge: n.edge, OnPath: onPath}
		for p := range P {
			ne.Values = append(ne.Values, sv.value(i, p))
		}
		if n.prob != nil {
			ne.Prob = sv.prob(i)
		}
		switch n.kind {
		case terminalNode:
			ne.Kind, ne.Outcome = "end", t.outcomeIDs[n.outcome]
		case chanceNode:
			ne.Kind = "chance"
			for _, c := range n.children {
				ne.Children = append(ne.Children, build(c, onPath && sv.prob(c) > 0))
			}
		case decisionNode:
			ne.Kind, ne.Mover = "decision", t.partyIDs[n.party]
			top := sv.value(sv.tied[i][0], n.party)
			tol := tieTol * math.Max(1, math.Abs(top))
			for _, c := range n.children {
				best := slices.Contains(sv.tied[i], c)
				if best {
					ne.Best = append(ne.Best, t.nodes[c].edge)
				} else if sv.value(c, n.party) >= top-tol {
					ne.TiedWith = append(ne.TiedWith, t.nodes[c].edge)
				}
				ne.Children = append(ne.Children, build(c, onPath && best))
			}
		}
		return ne
	}
	return &model.Explanation{Outcome: -1, Tree: build(0, true)}, nil
}

// expected is the equilibrium's expected payoff to each party in the
// world last solved (the root's value), for Sobol's payoff targets.
func (sv *treeSolver) Expected() []float64 {
	for p := range sv.expected {
		sv.expected[p] = sv.value(0, p)
	}
	return sv.expected
}

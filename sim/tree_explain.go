package sim

import "slices"

// explainWorld solves world w of the tree by backward induction and
// returns every node with its value to each party, the mover's best
// actions and whether the equilibrium reaches it (parley explain).
func (t *tree) explainWorld(s *Scenario, w *world) (*NodeExplanation, error) {
	sv := t.newSolver(nil).(*treeSolver)
	if err := sv.backward(w); err != nil {
		return nil, err
	}
	P := t.parties
	var build func(i int, onPath bool) *NodeExplanation
	build = func(i int, onPath bool) *NodeExplanation {
		n := &t.nodes[i]
		ne := &NodeExplanation{Edge: n.edge, Values: slices.Clone(sv.val[i*P : (i+1)*P]), OnPath: onPath}
		if n.prob != nil {
			ne.Prob = sv.prob[i]
		}
		switch n.kind {
		case terminalNode:
			ne.Kind, ne.Outcome = "end", s.Outcomes[n.outcome].ID
		case chanceNode:
			ne.Kind = "chance"
			for _, c := range n.children {
				ne.Children = append(ne.Children, build(c, onPath && sv.prob[c] > 0))
			}
		case decisionNode:
			ne.Kind, ne.Mover = "decision", s.Parties[n.party].ID
			for _, c := range n.children {
				best := slices.Contains(sv.tied[i], c)
				if best {
					ne.Best = append(ne.Best, t.nodes[c].edge)
				}
				ne.Children = append(ne.Children, build(c, onPath && best))
			}
		}
		return ne
	}
	return build(0, true), nil
}

// expected is the equilibrium's expected payoff to each party in the
// world last solved (the root's value), for Sobol's payoff targets.
func (sv *treeSolver) expected() []float64 { return sv.val[:sv.t.parties] }

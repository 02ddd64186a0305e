package sim

import (
	"fmt"

	"github.com/parley-dev/parley/sim/model"
)

// Explanation is one world of a scenario solved step by step. For a tree,
// backward induction node by node (Root): what every subgame is worth to
// every party and which actions each mover found best. For an issues
// model, the zone of agreement and why the bargaining solution picks its
// package (Issues); for a matrix game, the payoff table with best
// responses, the equilibria and why the selection rule picks one
// (Matrix). It is how a student sees why the equilibrium is what it is.
type Explanation struct {
	Scenario  string
	Form      string // the game form: tree, issues, matrix or spatial
	Iteration int64  // the world explained; -1 for the median world
	Parties   []string
	Values    []NamedValue // the world's parameters and derived values
	Ties      string       // a tree's tie rule when not the default (see Result.Ties)
	Outcome   string       // the outcome the world reaches; "" when drawn (a tree)
	Root      *NodeExplanation
	Issues    *model.IssuesExplanation
	Matrix    *model.MatrixExplanation
}

// NodeExplanation is one node of an explained tree.
type NodeExplanation = model.NodeExplanation

// Explain solves one world and returns the reasoning: the world of
// iteration iter under seed, or the median world (every parameter at its
// median; a demand firm when more likely than not) when iter is negative.
func (s *Scenario) Explain(iter int64, seed uint64) (*Explanation, error) {
	ex, ok := s.form.(model.Explainer)
	if !ok {
		return nil, fmt.Errorf("explain works on tree, issues, matrix and spatial models; %s is %s model", s.ID, model.WithArticle(s.Form()))
	}
	wv := s.newWorld(seed, nil)
	w := &wv
	w.Iter = iter
	if iter < 0 {
		copy(w.X, s.MedianWorld())
	} else {
		for j := range s.Params {
			w.X[j] = s.Params[j].dist.sample(w.Uniform(s.Params[j].key))
		}
	}
	var me *model.Explanation
	err := s.derive(w.X)
	if err == nil {
		me, err = ex.Explain(w, s.drop)
	}
	if err != nil {
		var we *WorldError
		if ok := asWorldError(err, &we); ok {
			we.Iter = iter
		}
		return nil, err
	}
	e := &Explanation{Scenario: s.ID, Form: s.Form(), Iteration: iter, Ties: tiesStamp(s.ties),
		Root: me.Tree, Issues: me.Issues, Matrix: me.Matrix}
	if me.Outcome >= 0 {
		e.Outcome = s.Outcomes[me.Outcome].ID
	}
	for _, p := range s.Parties {
		e.Parties = append(e.Parties, p.ID)
	}
	for j, name := range s.Slots() {
		e.Values = append(e.Values, NamedValue{Name: name, Value: w.X[j]})
	}
	return e, nil
}

func asWorldError(err error, target **WorldError) bool {
	we, ok := err.(*WorldError)
	if ok {
		*target = we
	}
	return ok
}

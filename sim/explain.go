package sim

import (
	"fmt"

	"github.com/parley-dev/parley/sim/model"
)

// Explanation is one world of a tree scenario solved by backward
// induction, node by node: what every subgame is worth to every party and
// which actions each mover found best. It is how a student sees why the
// equilibrium is what it is.
type Explanation struct {
	Scenario  string
	Iteration int64 // the world explained; -1 for the median world
	Parties   []string
	Values    []NamedValue // the world's parameters and derived values
	Root      *NodeExplanation
}

// NodeExplanation is one node of an explained tree.
type NodeExplanation = model.NodeExplanation

// Explain solves one world of a tree scenario and returns the reasoning:
// the world of iteration iter under seed, or the median world (every
// parameter at its median) when iter is negative.
func (s *Scenario) Explain(iter int64, seed uint64) (*Explanation, error) {
	ex, ok := s.form.(model.Explainer)
	if !ok {
		return nil, fmt.Errorf("explain works on tree models; %s is %s model", s.ID, model.WithArticle(s.Form()))
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
	var root *NodeExplanation
	err := s.derive(w.X)
	if err == nil {
		root, err = ex.Explain(w)
	}
	if err != nil {
		var we *WorldError
		if ok := asWorldError(err, &we); ok {
			we.Iter = iter
		}
		return nil, err
	}
	e := &Explanation{Scenario: s.ID, Iteration: iter, Root: root}
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

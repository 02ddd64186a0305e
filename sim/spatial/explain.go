package spatial

import (
	"fmt"
	"slices"

	"github.com/parley-dev/parley/sim/model"
)

// Explain runs the model in world w and returns its trajectory round by
// round (parley explain), in model.NodeExplanation's fields:
//
//   - the root, Kind "trajectory": Label says the method, the rounds and
//     whether the run converged; Outcome is the world's outcome and Values
//     the parties' payoffs;
//   - its first children, Kind "dimension", one per dimension: Edge its
//     id, Label its label and the meaning of the scale's ends;
//   - then Kind "round", one per round from 0 (the actors' own positions):
//     Edge "round R", Values the forecast per dimension (weighted median)
//     then the weighted mean per dimension, OnPath on the final round;
//     its children, Kind "position", one per actor: Edge the actor's id,
//     Values its position per dimension.
func (f *form) Explain(w *model.World, _ []bool) (*model.Explanation, error) {
	s := f.NewSolver(nil).(*solver)
	if err := s.run(w); err != nil {
		return nil, err
	}
	o, err := s.classify(w)
	if err != nil {
		return nil, err
	}
	w.Outcome = o
	s.payoffs(w)
	state := "converged"
	if !s.traj.Converged {
		state = "stopped at the round limit"
	}
	rt := &model.NodeExplanation{
		Kind:    "trajectory",
		Label:   fmt.Sprintf("method %s, %d actors, %d rounds, %s", f.method, len(f.actors), s.traj.Rounds(), state),
		Outcome: f.outcomeIDs[o],
		Values:  slices.Clone(w.Payoff[:f.parties]),
		OnPath:  true,
	}
	for _, d := range f.dims {
		label := d.Label
		if d.Low != "" || d.High != "" {
			label = fmt.Sprintf("%s (0: %s; 100: %s)", d.Label, d.Low, d.High)
		}
		rt.Children = append(rt.Children, &model.NodeExplanation{Kind: "dimension", Edge: d.ID, Label: label})
	}
	k := len(f.dims)
	for r, layer := range s.traj.Positions {
		rn := &model.NodeExplanation{Kind: "round", Edge: fmt.Sprintf("round %d", r), Values: make([]float64, 2*k), OnPath: r == s.traj.Rounds()}
		for d := range k {
			rn.Values[d], rn.Values[k+d] = s.fc.Forecast(s.actors, layer, d)
		}
		for a, act := range f.actors {
			rn.Children = append(rn.Children, &model.NodeExplanation{Kind: "position", Edge: act.id, Values: slices.Clone(layer[a])})
		}
		rt.Children = append(rt.Children, rn)
	}
	return &model.Explanation{Outcome: o, Tree: rt}, nil
}

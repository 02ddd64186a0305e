package spatial

import (
	"math"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
)

// solver runs a spatial model in one world at a time, with one engine
// workspace of each method, so that a world allocates nothing.
type solver struct {
	f      *form
	actors []Actor     // the engine's inputs, saliences on the method's scale
	ideal  []float64   // n×k: each actor's own position, 0–100
	sal    []float64   // n×k: each actor's salience as written, 0–100
	final  [][]float64 // the last round of the world's trajectory
	traj   *Trajectory
	bdm    BDMWorkspace
	smp    SMPWorkspace
	fc     Forecaster
}

// Solve runs the model in world w: the forecast and final positions in
// the form's slots, the outcome its rules give, the parties' payoffs, the
// metrics and the tallies.
func (s *solver) Solve(w *model.World) error {
	f := s.f
	if err := s.run(w); err != nil {
		return err
	}
	o, err := s.classify(w)
	if err != nil {
		return err
	}
	w.Outcome = o
	s.payoffs(w)
	k := len(f.dims)
	for a := range f.actors {
		win := true
		for d := range k {
			if math.Abs(w.X[f.base+f.slotMedian(d)]-s.ideal[a*k+d]) > f.winTol {
				win = false
				break
			}
		}
		w.Flags[tallyWinners][a] = win
	}
	w.Picks[tallyConverged] = 1
	if s.traj.Converged {
		w.Picks[tallyConverged] = 0
	}
	return nil
}

// OutcomeDist is the outcome of Solve with probability 1: both methods
// are deterministic.
func (s *solver) OutcomeDist(w *model.World, dist []float64) error {
	if err := s.run(w); err != nil {
		return err
	}
	o, err := s.classify(w)
	if err != nil {
		return err
	}
	clear(dist)
	dist[o] = 1
	return nil
}

func (s *solver) classify(w *model.World) (int, error) {
	o, err := model.Classify(s.f.rules, 0, w.X)
	if err != nil || o >= 0 {
		return o, err
	}
	return -1, &model.WorldError{Path: root + ".outcomes", Msg: "no outcome rule holds for the forecast (end the rules with one that always holds: OUTCOME: true)"}
}

// run evaluates the actors' inputs in world w, checks them, runs the
// method and writes the form's slots.
func (s *solver) run(w *model.World) error {
	if err := s.inputs(w.X); err != nil {
		return err
	}
	var err error
	if s.f.method == "smp" {
		s.traj, err = s.smp.Run(s.actors, s.f.smp)
	} else {
		s.traj, err = s.bdm.Run(s.actors, s.f.bdm)
	}
	if err != nil {
		// The inputs were checked against the engine's domain; what is
		// left is a bug, reported as the world's fault all the same.
		return &model.WorldError{Path: root, Msg: err.Error()}
	}
	return s.record(w.X)
}

// inputs evaluates and checks every actor's capability, positions and
// saliences.
func (s *solver) inputs(x []float64) error {
	f := s.f
	k := len(f.dims)
	for a := range f.actors {
		af, act := &f.actors[a], &s.actors[a]
		v, err := eval(af.capability, af.capPath, x)
		if err != nil {
			return err
		}
		if msg := f.capabilityFault(v); msg != "" {
			return &model.WorldError{Path: af.capPath, Msg: msg}
		}
		act.Capability = v
		total := 0.0
		for d := range k {
			p, err := eval(af.position[d], af.posPath[d], x)
			if err != nil {
				return err
			}
			if msg := positionFault(p); msg != "" {
				return &model.WorldError{Path: af.posPath[d], Msg: msg}
			}
			sv, err := eval(af.salience[d], af.salPath[d], x)
			if err != nil {
				return err
			}
			if msg := salienceFault(sv); msg != "" {
				return &model.WorldError{Path: af.salPath[d], Msg: msg}
			}
			act.Position[d], s.ideal[a*k+d], s.sal[a*k+d] = p, p, sv
			total += sv
			// BDM reads a salience as the probability of resisting a
			// challenge; SMP takes KTAB's 0–100.
			act.Salience[d] = sv
			if f.method == "bdm" {
				act.Salience[d] = sv / 100
			}
		}
		if f.method == "smp" {
			if msg := salienceTotalFault(total); msg != "" {
				return &model.WorldError{Path: root + ".actors." + af.id + ".salience", Msg: msg}
			}
		}
	}
	return nil
}

func eval(e *calc.Expr, path string, x []float64) (float64, error) {
	v, fl := e.Run(x)
	if fl.Failed() {
		return v, model.ExprFault(e, path, fl, v)
	}
	return v, nil
}

// record writes the run's forecast, rounds, convergence and final
// positions into the form's slots of x.
func (s *solver) record(x []float64) error {
	f := s.f
	s.final = s.traj.Positions[s.traj.Rounds()]
	slots := x[f.base:]
	for d, dim := range f.dims {
		med, mean := s.fc.Forecast(s.actors, s.final, d)
		if math.IsNaN(med) {
			return &model.WorldError{Path: root + ".dimensions." + dim.ID, Msg: "nobody has weight on this dimension: every capability × salience is 0, so there is no forecast"}
		}
		slots[f.slotMedian(d)], slots[f.slotMean(d)] = med, mean
		for a := range f.actors {
			slots[f.slotPosition(a, d)] = s.final[a][d]
		}
	}
	slots[f.slotRounds()] = float64(s.traj.Rounds())
	slots[f.slotConverged()] = 0
	if s.traj.Converged {
		slots[f.slotConverged()] = 1
	}
	return nil
}

// payoffs writes each party's payoff, then the metrics. A party's payoff
// is the salience-weighted closeness of the forecast (the weighted
// median) to its own position, 1 − |forecast − position| / 100 averaged
// over the dimensions with its saliences as weights (plainly averaged if
// they are all 0): 1 when the forecast is exactly what it wants on
// everything it cares about, 0 at the far end of the scale.
func (s *solver) payoffs(w *model.World) {
	f := s.f
	k := len(f.dims)
	slots := w.X[f.base:]
	for p, a := range f.partyActor {
		sum, total, plain := 0.0, 0.0, 0.0
		for d := range k {
			near := 1 - math.Abs(slots[f.slotMedian(d)]-s.ideal[a*k+d])/100
			sum += s.sal[a*k+d] * near
			total += s.sal[a*k+d]
			plain += near
		}
		if total > 0 {
			w.Payoff[p] = sum / total
		} else {
			w.Payoff[p] = plain / float64(k)
		}
	}
	m := f.parties
	for i, v := range slots[:len(f.slotNames)] {
		if i != f.slotConverged() {
			w.Payoff[m] = v
			m++
		}
	}
}

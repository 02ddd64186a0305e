package sim

import (
	"fmt"
	"sync/atomic"

	"github.com/parley-dev/parley/sim/model"
)

// The error and tally types a run reports are the model-form contract's
// (sim/model); they are named here too so that a user of sim needs one
// import.
type (
	WorldError = model.WorldError
	NamedValue = model.NamedValue
	TallySpec  = model.TallySpec
	Problem    = model.Problem
	Problems   = model.Problems
	Party      = model.Party
	Outcome    = model.Outcome
)

// Position prefixes a world's error with file:line:col of its key path in
// the scenario's file, when the scenario knows where its keys are.
func (s *Scenario) Position(e *WorldError) error {
	if s == nil || s.Locate == nil || s.File == "" {
		return e
	}
	if e.InExpr && s.LocateAt != nil {
		if line, col := s.LocateAt(e.Path, e.Offset); line > 0 {
			return fmt.Errorf("%s:%d:%d: %w", s.File, line, col, e)
		}
	}
	if line, col := s.Locate(e.Path); line > 0 {
		return fmt.Errorf("%s:%d:%d: %w", s.File, line, col, e)
	}
	return e
}

// newWorld is a world of s ready to be solved: its value slots, payoffs
// and a row per tally (flags only for tallies where a world may count in
// several rows). Slices are padded so that workers' worlds share no cache
// line.
func (s *Scenario) newWorld(seed uint64, stop *atomic.Bool) model.World {
	w := model.World{Seed: seed, Stop: stop, X: model.Padded[float64](s.worldSlots()), Payoff: model.Padded[float64](s.columns())}
	// Picks is written twice a world: padded, so that it shares no cache
	// line with another worker's (a tiny allocation would).
	w.Picks = model.Padded[int](0)
	for _, t := range s.Tallies() {
		w.Picks = append(w.Picks, -1)
		var f []bool
		if t.Multi {
			f = model.Padded[bool](len(t.Labels))
		}
		w.Flags = append(w.Flags, f)
	}
	return w
}

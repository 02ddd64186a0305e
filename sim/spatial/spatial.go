package spatial

// An Actor is one participant of a spatial model.
type Actor struct {
	Name        string
	Description string    // free text, as imported (KTAB's second column)
	Capability  float64   // ≥ 0; the actor's power to push outcomes
	Position    []float64 // per dimension, on the data's own scale (KTAB: 0–100)
	Salience    []float64 // per dimension, ≥ 0; how much the actor cares
}

// A Trajectory is what a model run gives: every actor's position after
// every round.
type Trajectory struct {
	// Positions[r][a][d] is actor a's position on dimension d after round
	// r; Positions[0] is the initial positions.
	Positions [][][]float64
	Converged bool // the stopping rule ended the run, not the round limit
}

// Rounds is the number of rounds run (not counting the initial positions).
func (t *Trajectory) Rounds() int { return len(t.Positions) - 1 }

package spatial

import (
	"fmt"
	"math"
)

// DefaultBDMRounds is the round limit when BDMOptions.Rounds is zero: the
// ten rounds of Scholz et al.'s figures and of the replication's traces.
const DefaultBDMRounds = 10

// BDMOptions set a run of the expected-utility model.
type BDMOptions struct {
	// Rounds is the round limit; zero means DefaultBDMRounds.
	Rounds int
	// Tol ends the run early once no actor moved by more than Tol (on the
	// data's own scale) in a round; the run is then Converged. A round
	// without any move always ends it whatever Tol is: the next round is
	// computed from the positions alone, so it would repeat this one.
	// Oscillating runs (the replication's Iranian election data alternates
	// between two states) never converge and stop at the limit.
	Tol float64
	// Q is the probability that the status quo holds if nobody challenges,
	// q in the expected utility of a challenge. Scholz et al. and the
	// replication use 1; zero means 1.
	Q float64
	// Capitulation enables the third offer of the paper: an actor that
	// would lose by challenging (EU_i(ij) < 0) and faces a rival whose gain
	// is smaller than that loss moves to the rival's position. The
	// replication's test for it can never hold (a typo compares EU_i(ji)
	// with its own absolute value), so its traces have no capitulations:
	// leave this off to reproduce them.
	Capitulation bool
}

// BDM runs Bueno de Mesquita's expected-utility model on the actors, each
// dimension on its own, and returns every actor's position after every
// round. It allocates a fresh workspace; a Monte Carlo loop should keep a
// BDMWorkspace per worker instead.
func BDM(actors []Actor, opt BDMOptions) (*Trajectory, error) {
	var w BDMWorkspace
	return w.Run(actors, opt)
}

// A BDMWorkspace holds the buffers of BDM runs so that repeated runs of
// the same or smaller size allocate nothing. The zero value is ready to
// use; a workspace is not safe for concurrent use.
type BDMWorkspace struct {
	traj   Trajectory
	layers [][][]float64 // one per round, capacity for the round limit
	rows   [][]float64   // one per actor and round
	flat   []float64     // every position of every round

	// One dimension of one round, n actors.
	x, sal, wt, risk, danger []float64
	order                    []int     // actors by position
	pre                      []float64 // n×(n+1): prefix sums of weighted losses, see tally
	votes, against           []float64 // n×n: for i < j, the votes for i over j and for j over i
	lnDist, lnNear, lnFar    []float64 // n×n: see logTables
	span                     []float64 // per dimension: the initial positions' range
}

// Run is BDM with the workspace's buffers. The trajectory it returns
// belongs to the workspace and is overwritten by the next Run; copy what
// must outlive it.
//
// A round costs O(k·n²) for n actors on k dimensions: every pair of
// actors' expected utilities (n² powers, most of the time), and the
// votes on every pair of positions, tallied in O(n²) by prefix sums (see
// tally) rather than voter by voter in O(n³). A run costs
// O(rounds·k·n²) time and O(n² + rounds·n·k) memory.
func (w *BDMWorkspace) Run(actors []Actor, opt BDMOptions) (*Trajectory, error) {
	k, err := bdmCheck(actors, opt)
	if err != nil {
		return nil, err
	}
	rounds := opt.Rounds
	if rounds == 0 {
		rounds = DefaultBDMRounds
	}
	q := opt.Q
	if q == 0 {
		q = 1
	}
	n := len(actors)
	w.reserve(n, k, rounds)
	first := w.layers[0]
	for a, act := range actors {
		copy(first[a], act.Position)
	}
	// Utilities are measured on the initial positions' range: moves stay
	// inside it, as every new position lies between two old ones.
	for d := range k {
		lo, hi := first[0][d], first[0][d]
		for _, p := range first {
			lo, hi = math.Min(lo, p[d]), math.Max(hi, p[d])
		}
		w.span[d] = hi - lo
	}

	w.traj.Converged = false
	last := 0
	for r := 1; r <= rounds; r++ {
		prev, cur := w.layers[r-1], w.layers[r]
		moved := 0.0
		for d := range k {
			moved = math.Max(moved, w.dimRound(actors, prev, cur, d, q, opt.Capitulation))
		}
		last = r
		if moved == 0 || (opt.Tol > 0 && moved <= opt.Tol) {
			w.traj.Converged = true
			break
		}
	}
	w.traj.Positions = w.layers[:last+1]
	return &w.traj, nil
}

// reserve sizes the buffers for n actors, k dimensions and the round
// limit, reusing them when they are big enough.
func (w *BDMWorkspace) reserve(n, k, rounds int) {
	layers := rounds + 1
	if cap(w.flat) < layers*n*k {
		w.flat = make([]float64, layers*n*k)
	}
	if cap(w.rows) < layers*n {
		w.rows = make([][]float64, layers*n)
	}
	if cap(w.layers) < layers {
		w.layers = make([][][]float64, layers)
	}
	flat, rows := w.flat[:layers*n*k], w.rows[:layers*n]
	w.layers = w.layers[:layers]
	for i := range rows {
		rows[i] = flat[i*k : (i+1)*k : (i+1)*k]
	}
	for r := range w.layers {
		w.layers[r] = rows[r*n : (r+1)*n : (r+1)*n]
	}
	if cap(w.x) < n {
		w.x, w.sal, w.wt = make([]float64, n), make([]float64, n), make([]float64, n)
		w.risk, w.danger = make([]float64, n), make([]float64, n)
	}
	w.x, w.sal, w.wt = w.x[:n], w.sal[:n], w.wt[:n]
	w.risk, w.danger = w.risk[:n], w.danger[:n]
	if cap(w.votes) < n*n {
		w.votes, w.against = make([]float64, n*n), make([]float64, n*n)
		w.pre, w.order = make([]float64, n*(n+1)), make([]int, n)
		w.lnDist, w.lnNear, w.lnFar = make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	}
	w.lnDist, w.lnNear, w.lnFar = w.lnDist[:n*n], w.lnNear[:n*n], w.lnFar[:n*n]
	w.votes, w.against = w.votes[:n*n], w.against[:n*n]
	w.pre, w.order = w.pre[:n*(n+1)], w.order[:n]
	if cap(w.span) < k {
		w.span = make([]float64, k)
	}
	w.span = w.span[:k]
}

// bdmCheck returns the number of dimensions, or why the actors and
// options cannot be run.
func bdmCheck(actors []Actor, opt BDMOptions) (int, error) {
	if opt.Rounds < 0 {
		return 0, fmt.Errorf("bdm: rounds %d is negative", opt.Rounds)
	}
	if opt.Q < 0 || opt.Q > 1 || math.IsNaN(opt.Q) {
		return 0, fmt.Errorf("bdm: q %g is outside [0, 1]", opt.Q)
	}
	if math.IsNaN(opt.Tol) || opt.Tol < 0 {
		return 0, fmt.Errorf("bdm: tolerance %g is not a number ≥ 0", opt.Tol)
	}
	if len(actors) == 0 {
		return 0, fmt.Errorf("bdm: no actors")
	}
	k := len(actors[0].Position)
	if k == 0 {
		return 0, fmt.Errorf("bdm: actor 0 (%s) has no dimensions", actors[0].Name)
	}
	for a, act := range actors {
		if len(act.Position) != k || len(act.Salience) != k {
			return 0, fmt.Errorf("bdm: actor %d (%s) has %d positions and %d saliences, want %d of each",
				a, act.Name, len(act.Position), len(act.Salience), k)
		}
		if !(act.Capability >= 0) || math.IsInf(act.Capability, 1) {
			return 0, fmt.Errorf("bdm: actor %d (%s): capability %g is not a finite number ≥ 0", a, act.Name, act.Capability)
		}
		for d := range k {
			if p := act.Position[d]; math.IsNaN(p) || math.IsInf(p, 0) {
				return 0, fmt.Errorf("bdm: actor %d (%s): position %g on dimension %d is not finite", a, act.Name, p, d)
			}
			// Salience is also the probability that the actor resists a
			// challenge, so it must be one.
			if s := act.Salience[d]; !(s >= 0 && s <= 1) {
				return 0, fmt.Errorf("bdm: actor %d (%s): salience %g on dimension %d is outside [0, 1]", a, act.Name, s, d)
			}
		}
	}
	return k, nil
}

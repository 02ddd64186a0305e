package spatial

import (
	"errors"
	"fmt"
	"math"
)

// SMPOptions are the settings of a run of KTAB's spatial model of politics.
//
// The model's own options are KTAB's defaults and are not settable: linear
// victory probability, conditional probability of Condorcet election,
// deterministic state transitions, proportional voting, risk attitudes on
// the Mid range adjusted one third toward the estimator's own, semi
// commitment of third parties, S2P2 interpolation of bargains, and the
// initiator's interpolation alone (InitOnlyInterp). Only these options
// were checked against KTAB's runs, so only they are offered.
type SMPOptions struct {
	// MaxTurns bounds the number of turns; 0 means KTAB's 100.
	MaxTurns int
}

// KTAB's constants. Each is the value in KTAB's smp library (commit
// 3b5b063); changing any of them changes the trajectories.
const (
	smpMaxTurns      = 100   // configExec: maxIter
	smpMinTurns      = 2     // configExec: minIter
	smpMinDeltaRatio = 0.02  // stop when a turn moves < 2% of the first
	smpMinSigDelta   = 1e-4  // keeps the first turn's movement nonzero
	smpMinSigEDU     = 1e-5  // a challenge worth less is not made
	smpMinCoalition  = 1e-8  // Model::coalitions' floor on each side
	smpMinChallenge  = 1e-10 // probEduChlg's floor on each side of a challenge
	smpMinWeight     = 1e-6  // interpolation's floor on the initiator's weight
	smpMinActors     = 3     // Model::minNumActor
	smpMaxCapability = 1e8   // csvRead's sanity bound; keeps votes finite
	smpScale         = 100.0
)

// ErrSMPInput is wrapped by the errors SMP returns for actors it cannot
// run.
var ErrSMPInput = errors.New("invalid SMP input")

// SMP runs KTAB's spatial model of politics on the actors, whose positions
// and saliences are on KTAB's 0–100 scale (an actor's saliences sum to at
// most 100), and returns every actor's position after every turn on the
// same scale. It allocates a fresh workspace; use an SMPWorkspace to run
// many worlds without allocating.
func SMP(actors []Actor, opt SMPOptions) (*Trajectory, error) {
	// The workspace is dropped, so its trajectory is the caller's alone.
	var ws SMPWorkspace
	return ws.Run(actors, opt)
}

// An SMPWorkspace holds the scratch memory of SMP runs. After a run of a
// given number of actors and dimensions, further runs of the same numbers
// and no more turns allocate nothing. The zero value is ready to use; a workspace must not
// be used by two goroutines at once.
//
// A turn costs O(n³ + n²·k) for n actors on k dimensions: every actor
// weighs a challenge to every other, and each such estimate polls every
// third party; every actor's choice among the bargains it is party to
// polls every actor over every pair of them.
type SMPWorkspace struct {
	n, k int

	pos, next []float64 // n×k, on 0–1
	sal       []float64 // n×k, on 0–1
	salSq     []float64 // n: Σ_d sal²
	salSum    []float64 // n: Σ_d sal
	cap       []float64 // n

	dist   []float64 // n×n: distance from a's ideal to b's position, a's weights
	distT  []float64 // dist transposed, for scans down a column
	weight []float64 // n: salience total × capability, the weight in challenges
	risk   []float64 // n: each actor's risk attitude this turn
	util   []float64 // n×n: scratch utilities (risk neutral, then own)
	rh     []float64 // n: one estimator's view of every actor's risk attitude
	hui    []float64 // n: the estimator's view of each actor's utility of the estimator's position
	huo    []float64 // n: … and of the actor's own position

	target  []int     // n: whom each actor challenges, or -1
	bargain []float64 // n×2k: the initiator's then the target's position
	butil   []float64 // n×n: [i*n+a] is a's utility of i's bargain
	sqUtil  []float64 // n: each actor's utility of the status quo

	opts []int     // the bargains one actor chooses among (-1: status quo)
	ucho []float64 // n×(n+1): utilities of those bargains
	coal []float64 // (n+1)²: coalition strengths
	prob []float64 // n+1

	tr    Trajectory
	turns [][][]float64 // position blocks kept across runs
}

// Run runs the model like SMP. The trajectory it returns, and its slices,
// belong to the workspace: the next Run overwrites them.
func (w *SMPWorkspace) Run(actors []Actor, opt SMPOptions) (*Trajectory, error) {
	if err := checkSMPActors(actors); err != nil {
		return nil, err
	}
	maxTurns := opt.MaxTurns
	if maxTurns == 0 {
		maxTurns = smpMaxTurns
	}
	if maxTurns < 0 {
		return nil, fmt.Errorf("%w: MaxTurns %d is negative", ErrSMPInput, opt.MaxTurns)
	}
	w.setup(actors)
	w.tr.Converged = false
	w.tr.Positions = w.tr.Positions[:0]
	w.record(0, actors)

	var first float64 // movement of the first turn, the stopping rule's yardstick
	for turn := 1; turn <= maxTurns; turn++ {
		w.step()
		moved := w.moved()
		w.pos, w.next = w.next, w.pos
		w.record(turn, nil)
		if turn == 1 {
			first = moved + smpMinSigDelta
		}
		if turn >= smpMinTurns && moved/first < smpMinDeltaRatio {
			w.tr.Converged = true
			break
		}
	}
	return &w.tr, nil
}

// checkSMPActors rejects what KTAB rejects or cannot compute with.
func checkSMPActors(actors []Actor) error {
	if len(actors) < smpMinActors {
		return fmt.Errorf("%w: %d actors, the model needs at least %d", ErrSMPInput, len(actors), smpMinActors)
	}
	k := len(actors[0].Position)
	if k == 0 {
		return fmt.Errorf("%w: actor %q has no dimensions", ErrSMPInput, actors[0].Name)
	}
	for i, a := range actors {
		name := a.Name
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		if len(a.Position) != k || len(a.Salience) != k {
			return fmt.Errorf("%w: actor %s has %d positions and %d saliences, want %d of each",
				ErrSMPInput, name, len(a.Position), len(a.Salience), k)
		}
		// Voting weights must be positive (KTAB's Model::vote).
		if !(a.Capability > 0 && a.Capability <= smpMaxCapability) {
			return fmt.Errorf("%w: actor %s: capability %v, want more than 0 and at most %g",
				ErrSMPInput, name, a.Capability, smpMaxCapability)
		}
		total, sq := 0.0, 0.0
		for d := range k {
			if p := a.Position[d]; !(p >= 0 && p <= smpScale) {
				return fmt.Errorf("%w: actor %s: position %v on dimension %d, want 0 to 100", ErrSMPInput, name, p, d+1)
			}
			if s := a.Salience[d]; !(s >= 0 && s <= smpScale) {
				return fmt.Errorf("%w: actor %s: salience %v on dimension %d, want 0 to 100", ErrSMPInput, name, s, d+1)
			}
			total += a.Salience[d]
			sq += (a.Salience[d] / smpScale) * (a.Salience[d] / smpScale)
		}
		// The total salience is the chance the actor resists a challenge,
		// so it must be a probability; zero leaves no distance metric.
		if !(total > 0) || total > smpScale {
			return fmt.Errorf("%w: actor %s: saliences sum to %v, want more than 0 and at most 100", ErrSMPInput, name, total)
		}
		if !(sq > 0) {
			return fmt.Errorf("%w: actor %s: saliences %v are too small to weigh distances with", ErrSMPInput, name, a.Salience)
		}
	}
	return nil
}

// setup sizes the workspace and loads the actors on KTAB's 0–1 scale.
func (w *SMPWorkspace) setup(actors []Actor) {
	n, k := len(actors), len(actors[0].Position)
	if n != w.n || k != w.k {
		w.n, w.k = n, k
		w.pos = make([]float64, n*k)
		w.next = make([]float64, n*k)
		w.sal = make([]float64, n*k)
		w.salSq = make([]float64, n)
		w.salSum = make([]float64, n)
		w.cap = make([]float64, n)
		w.dist = make([]float64, n*n)
		w.distT = make([]float64, n*n)
		w.weight = make([]float64, n)
		w.risk = make([]float64, n)
		w.util = make([]float64, n*n)
		w.rh = make([]float64, n)
		w.hui = make([]float64, n)
		w.huo = make([]float64, n)
		w.target = make([]int, n)
		w.bargain = make([]float64, n*2*k)
		w.butil = make([]float64, n*n)
		w.sqUtil = make([]float64, n)
		w.opts = make([]int, 0, n+1)
		w.ucho = make([]float64, n*(n+1))
		w.coal = make([]float64, (n+1)*(n+1))
		w.prob = make([]float64, n+1)
		w.turns = w.turns[:0]
	}
	for i, a := range actors {
		w.cap[i] = a.Capability
		sq, sum := 0.0, 0.0
		for d := range k {
			w.pos[i*k+d] = a.Position[d] / smpScale
			s := a.Salience[d] / smpScale
			w.sal[i*k+d] = s
			sq += s * s
			sum += s
		}
		w.salSq[i], w.salSum[i] = sq, sum
		w.weight[i] = sum * a.Capability
	}
}

// record appends the current positions as turn t, on the 0–100 scale, or
// the actors' own numbers for the initial turn.
func (w *SMPWorkspace) record(t int, actors []Actor) {
	n, k := w.n, w.k
	if t == len(w.turns) {
		flat := make([]float64, n*k)
		block := make([][]float64, n)
		for a := range block {
			block[a] = flat[a*k : (a+1)*k : (a+1)*k]
		}
		w.turns = append(w.turns, block)
	}
	block := w.turns[t]
	for a := range n {
		for d := range k {
			if actors != nil {
				block[a][d] = actors[a].Position[d]
			} else {
				block[a][d] = w.pos[a*k+d] * smpScale
			}
		}
	}
	w.tr.Positions = append(w.tr.Positions, block)
}

// moved is KTAB's distance between two states: the sum over actors of the
// Euclidean distance each moved, on the 0–1 scale.
func (w *SMPWorkspace) moved() float64 {
	sum := 0.0
	for a := range w.n {
		s := 0.0
		for d := range w.k {
			x := w.pos[a*w.k+d] - w.next[a*w.k+d]
			s += x * x
		}
		sum += math.Sqrt(s)
	}
	return sum
}

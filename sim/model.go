package sim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"

	"github.com/parley-dev/parley/sim/game"
)

// A model is one game form: it knows how to solve one sampled world.
// The runner does not know which form it runs.
type model interface {
	form() string
	tallies() []TallySpec
	// metrics names per-world numbers the model reports besides the
	// parties' payoffs (a deal's surplus, the size of the ZOPA); solvers
	// write them after the payoffs.
	metrics() []string
	// slots is how many value slots the model needs after the derived
	// values (a bargaining model keeps the package's issues there).
	slots() int
	newSolver(drop []bool) solver // drop: demands or constraints removed by variants (may be nil)
}

// A solver solves worlds one at a time. It owns its workspace, so a
// solver is used by one goroutine and allocates nothing per world.
type solver interface {
	solve(w *world) error
	// outcomeDist gives each outcome's probability in world w, with
	// chance events and ties weighted rather than drawn.
	outcomeDist(w *world, dist []float64) error
}

// Optional capabilities of a form. Code outside the form finds them by
// these interfaces, never by the form's type, so a new form gains a
// capability by implementing a method, and no analysis changes.
type (
	// An explainer (model) solves one world and returns every node of
	// the reasoning (parley explain).
	explainer interface {
		explainWorld(s *Scenario, w *world) (*NodeExplanation, error)
	}
	// A gameMaker (model) writes one world's strategic-form game (parley
	// solve and convert on a scenario).
	gameMaker interface {
		strategicGame(s *Scenario, x []float64) (*game.Strategic, error)
	}
	// A dropper (model) has items that variants may remove (drop:): the
	// bargaining model's demands and constraints. newSolver's drop is
	// indexed by item.
	dropper interface {
		item(name string) int // -1 if there is none of that name
		itemNames() []string
		nItems() int
	}
	// An expecter (solver) gives the equilibrium's expected payoff to each
	// party in the world its outcomeDist last solved (Sobol's payoff
	// targets).
	expecter interface {
		expected() []float64
	}
)

// TallySpec describes a model-specific count kept by every run: which
// equilibrium path a world took, which package was agreed, which
// constraint blocked a deal.
type TallySpec struct {
	Name   string   `json:"name"`   // machine name, as in JSON ("paths")
	Title  string   `json:"title"`  // table title ("Equilibrium paths")
	Column string   `json:"column"` // header of the label column ("path")
	Labels []string `json:"labels"` // one per row
	Multi  bool     `json:"multi"`  // a world may count in several rows (otherwise in at most one)
}

// world is one sampled world: the values drawn for it and what its
// solution was. The runner reuses one per worker.
type world struct {
	iter    int64
	seed    uint64
	rng     rand.PCG
	x       []float64
	outcome int
	payoff  []float64
	picks   []int        // per single-row tally: the row, or -1
	flags   [][]bool     // per multi-row tally: the rows hit
	ties    int          // tied decisions on the path taken
	stop    *atomic.Bool // the run's cancellation, for solvers whose one world can take long
}

// uniform returns the world's draw in (0, 1) from the stream named by key.
// Each (seed, key, iteration) has its own stream, so which draws a world
// makes never depends on what other worlds or other keys did.
func (w *world) uniform(key uint64) float64 {
	w.rng.Seed(mix(w.seed^key), uint64(w.iter))
	return (float64(w.rng.Uint64()>>11) + 0.5) * 0x1p-53
}

// mix is splitmix64's finaliser: it spreads nearby seeds apart.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// A WorldError is a fault that shows only in some sampled worlds, such as
// chance probabilities that do not sum to 1 for some parameter values. It
// names the iteration and the values that broke it, so the world can be
// reproduced.
type WorldError struct {
	Iter    int64
	Variant string // the variant being solved, "" for the baseline
	Path    string // the key path of the node or expression at fault
	Msg     string
	Values  []NamedValue
	Offset  int  // with InExpr: the character offset of the fault in the expression at Path
	InExpr  bool // the fault is an operation inside the expression at Path
}

// NamedValue is a slot's name and value in one world.
type NamedValue struct {
	Name  string
	Value float64
}

// Positioned prefixes the error with file:line:col of its path in the
// scenario's file, when the scenario knows where its keys are.
func (e *WorldError) Positioned(s *Scenario) error {
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

func (e *WorldError) Error() string {
	var vals []string
	for _, v := range e.Values {
		vals = append(vals, fmt.Sprintf("%s=%.6g", v.Name, v.Value))
	}
	where := fmt.Sprintf("iteration %d", e.Iter)
	if e.Variant != "" {
		where += " of variant " + e.Variant
	}
	return fmt.Sprintf("%s: %s in %s (%s)", e.Path, e.Msg, where, strings.Join(vals, ", "))
}

// Padded allocation for per-worker hot data: two workers' small slices
// that share a cache line slow each other down (false sharing), so each
// gets a line's worth of slack after it.
const pad = 16 // 128 bytes of float64 or int64

// newWorld is a world of s ready to be solved: its value slots, payoffs
// and a row per tally (flags only for tallies where a world may count in
// several rows). Slices are padded so that workers' worlds share no cache
// line.
func (s *Scenario) newWorld(seed uint64, stop *atomic.Bool) world {
	w := world{seed: seed, stop: stop, x: padded[float64](s.worldSlots()), payoff: padded[float64](s.columns())}
	for _, t := range s.Tallies() {
		w.picks = append(w.picks, -1)
		var f []bool
		if t.Multi {
			f = padded[bool](len(t.Labels))
		}
		w.flags = append(w.flags, f)
	}
	return w
}

func padded[T any](n int) []T { return make([]T, n, n+pad)[:n] }

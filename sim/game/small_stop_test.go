package game

import (
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"testing"
)

// TestEnumMixedIntoStops: with its Workspace's Stop set, the search of a
// game whose every world takes minutes (12×12: C(24, 12) = 2.7 million
// systems per polytope) gives up at once with ErrStopped, so a Monte Carlo
// run stops on Ctrl-C inside a world.
func TestEnumMixedIntoStops(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	g := NewStrategic(12, 12)
	for k := range g.payoffs {
		g.payoffs[k] = float64(r.IntN(10))
	}
	var stop atomic.Bool
	stop.Store(true)
	ws := Workspace{Stop: &stop}
	if _, err := EnumMixedInto(&ws, g, nil); !errors.Is(err, ErrStopped) {
		t.Fatalf("err %v, want ErrStopped", err)
	}
	// Not set: a small game is solved as before.
	stop.Store(false)
	small := NewStrategic(2, 2)
	copy(small.payoffs, []float64{3, 3, 0, 5, 5, 0, 1, 1})
	eq, err := EnumMixedInto(&ws, small, nil)
	if err != nil || len(eq) == 0 {
		t.Fatalf("2×2 with Stop unset: %v, %v", eq, err)
	}
}

package game

import (
	"math"
	"sync/atomic"
)

// Workspace holds scratch space for the allocation-free solvers
// EnumPureInto, EnumMixedInto and LogitLimitInto, which a Monte Carlo loop
// calls once per sampled world. The zero value is ready to use; a Workspace
// must not be used by two goroutines at once.
type Workspace struct {
	// Stop, when set, makes EnumMixedInto give up with ErrStopped: one
	// large game can take minutes, and a Monte Carlo run must stop on
	// Ctrl-C within about a second. It is read every few thousand
	// linear systems.
	Stop *atomic.Bool

	best []float64 // best payoff per player and opponents' profile
	mix  mixedScratch
}

// EnumPure returns every pure-strategy Nash equilibrium of g, as one
// strategy index per player, in increasing profile number (first player's
// strategy varying fastest). Payoffs are compared exactly: a profile is an
// equilibrium when no player has a strictly better reply.
func EnumPure(g *Strategic) [][]int {
	var ws Workspace
	ks := EnumPureInto(&ws, g, nil)
	out := make([][]int, len(ks))
	for i, k := range ks {
		out[i] = g.Profile(k, nil)
	}
	return out
}

// EnumPureInto appends to dst the profile numbers (see Strategic.Index) of
// every pure-strategy Nash equilibrium of g and returns the extended slice.
// It does not allocate once ws and dst have grown to the game's size.
//
// It makes two passes over the payoff table: the first records, for each
// player and each profile of the others, the best payoff the player can get;
// the second keeps the profiles where every player gets that best payoff.
func EnumPureInto(ws *Workspace, g *Strategic, dst []int) []int {
	n := len(g.dims)
	size := len(g.payoffs) / n
	// Opponent profiles of player p number size/dims[p]; offsets into best.
	total := 0
	for _, d := range g.dims {
		total += size / d
	}
	if cap(ws.best) < total {
		ws.best = make([]float64, total)
	}
	best := ws.best[:total]
	for i := range best {
		best[i] = math.Inf(-1)
	}
	off := 0
	for p, d := range g.dims {
		st := g.strides[p]
		for k := range size {
			// Remove player p's digit from k.
			key := off + k%st + (k/(st*d))*st
			if v := g.payoffs[k*n+p]; v > best[key] {
				best[key] = v
			}
		}
		off += size / d
	}
	for k := range size {
		ok := true
		off := 0
		for p, d := range g.dims {
			st := g.strides[p]
			key := off + k%st + (k/(st*d))*st
			if g.payoffs[k*n+p] < best[key] {
				ok = false
				break
			}
			off += size / d
		}
		if ok {
			dst = append(dst, k)
		}
	}
	return dst
}

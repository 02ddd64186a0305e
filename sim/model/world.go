package model

import (
	"hash/fnv"
	"sync/atomic"
)

// A World is one sampled world: the values drawn for it and what its
// solution was. The runner reuses one per worker and lane; a Solver reads
// X and writes Outcome, Payoff, Picks, Flags and Ties.
type World struct {
	Iter    int64        // the iteration: which world of the run this is
	Seed    uint64       // the run's seed
	X       []float64    // value slots: parameters, derived values, then the form's own slots
	Outcome int          // index of the outcome reached
	Payoff  []float64    // per party, then the form's metrics
	Picks   []int        // per single-row tally: the row, or -1
	Flags   [][]bool     // per multi-row tally: the rows hit (nil for single-row tallies)
	Ties    int          // tied decisions on the path taken
	Stop    *atomic.Bool // the run's cancellation, for solvers whose one world can take long (may be nil)
}

// Uniform returns the world's draw in (0, 1) from the stream named by key.
// Each (seed, key, iteration) has its own draw, so which draws a world
// makes never depends on what other worlds or other keys did.
func (w *World) Uniform(key uint64) float64 {
	return UniformAt(StreamSeed(w.Seed, key), w.Iter)
}

// StreamSeed is the first half of Uniform: the seed of stream key in a
// run seeded with seed. A caller drawing the same keys in every world
// (the runner, once per parameter) computes it once per run.
func StreamSeed(seed, key uint64) uint64 { return Mix(seed ^ key) }

// UniformAt is iteration iter's draw from the stream whose StreamSeed is
// ss: the same number as Uniform(key) in that world. The stream is
// counter-based: draw iter is SplitMix64's output number iter+1 from
// state ss, Mix(ss + iter·γ), two multiplications and no state, so any
// world's draw is computed directly (before version 0.2.0 a PCG was
// seeded with (ss, iter) for every draw, which cost five times as much).
// Streams of different keys are SplitMix64 sequences from unrelated
// states: two of them share a draw within n worlds with probability
// about 2n/2^64.
func UniformAt(ss uint64, iter int64) float64 {
	return (float64(Mix(ss+uint64(iter)*0x9e3779b97f4a7c15)>>11) + 0.5) * 0x1p-53
}

// Mix is splitmix64's finaliser: it spreads nearby seeds apart.
func Mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// StreamKey hashes a kind and a name into a random-stream key (for
// World.Uniform), so that adding a parameter or a node moves no other's
// draws.
func StreamKey(kind, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return h.Sum64()
}

// Pad is the slack after each per-worker slice that Padded allocates:
// two workers' small slices that share a cache line slow each other down
// (false sharing), so each gets a line's worth of room after it.
const Pad = 16 // 128 bytes of float64 or int64

// Padded makes a slice of n zero values with Pad elements of slack after
// it, for hot data written by one worker.
func Padded[T any](n int) []T { return make([]T, n, n+Pad)[:n] }

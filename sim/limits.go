package sim

import (
	"fmt"
	"math"
)

// MaxIterations is the most worlds one run may sample: 2^53. Counts up to
// it convert to float64 exactly (probabilities and intervals are computed
// from them) and stay exact in JSON for readers that parse numbers as
// doubles. The runner's chunk arithmetic would overflow only near 2^63.
const MaxIterations int64 = 1 << 53

// CheckIterations refuses a world count the runner cannot honour.
func CheckIterations(n int64) error {
	if n < 1 || n > MaxIterations {
		return fmt.Errorf("iterations must be between 1 and %d (2^53), found %d", MaxIterations, n)
	}
	return nil
}

// CheckShard refuses a split of n iterations into shards of which some
// would hold no chunk: a shard with no worlds has no probabilities to
// report.
func CheckShard(n int64, sh Shard) error {
	if sh.Count == 0 {
		return nil
	}
	if sh.Index < 0 || sh.Index >= sh.Count {
		return fmt.Errorf("shard %d/%d: want 1 <= k <= n", sh.Index+1, sh.Count)
	}
	if chunks := (n + ChunkSize - 1) / ChunkSize; int64(sh.Count) > chunks {
		return fmt.Errorf("shard %d/%d: %d iterations make only %s of %d worlds, fewer than %d shards, so some shards would be empty (split into at most %s, or run more iterations)",
			sh.Index+1, sh.Count, n, plural(chunks, "chunk"), ChunkSize, sh.Count, plural(chunks, "shard"))
	}
	return nil
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// MaxSweepPoints bounds a sweep's grid: every point is a lane solved on
// every world, with its own counters in every worker, so memory and time
// grow with the number of points (about half a megabyte per point and
// worker for the bundled istanbul-2025).
const MaxSweepPoints = 1000

// checkAxes refuses a sweep grid with non-finite values or more than
// MaxSweepPoints points.
func checkAxes(axes []Axis) error {
	points := 1
	for _, ax := range axes {
		if len(ax.Values) == 0 {
			return fmt.Errorf("sweep: %s has no values", ax.Param)
		}
		for _, v := range ax.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("sweep: %s takes the value %v; grid values must be finite numbers", ax.Param, v)
			}
		}
		if len(ax.Values) > MaxSweepPoints {
			return fmt.Errorf("sweep: %s has %d values; a grid holds at most %d points", ax.Param, len(ax.Values), MaxSweepPoints)
		}
		points *= len(ax.Values)
	}
	if points > MaxSweepPoints {
		return fmt.Errorf("sweep: the grid has %d points; at most %d are allowed (each point is solved on every world)", points, MaxSweepPoints)
	}
	return nil
}

// MaxKeptValues bounds the numbers an analysis that keeps every world in
// memory (sensitivity's tornado, Sobol's sample matrices) may hold: 2^28
// float64s, 2 GiB, before its ranks and copies.
const MaxKeptValues = 1 << 28

// checkKept refuses n worlds of perWorld kept values each when they would
// exceed MaxKeptValues, naming the largest count that fits.
func checkKept(what string, n int64, perWorld int) error {
	if perWorld < 1 {
		perWorld = 1
	}
	if most := int64(MaxKeptValues / perWorld); n > most {
		return fmt.Errorf("%s keeps %d numbers per world in memory: at most %d iterations (%d numbers in all), found %d", what, perWorld, most, MaxKeptValues, n)
	}
	return nil
}

// MaxWorkers bounds the goroutines a run may ask for: each holds a
// workspace per lane, and more workers than cores only add memory.
const MaxWorkers = 1024

// MaxLanes bounds the variants solved together on the same worlds: the
// 2^MaxFactors combinations of attribute, a sweep's grid, compare's list.
const MaxLanes = 1 << MaxFactors

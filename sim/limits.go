package sim

import (
	"fmt"
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

// MaxKeptValues bounds the numbers an analysis that keeps every world in
// memory (sensitivity's tornado, Sobol's sample matrices) may hold: 2^28
// float64s, 2 GiB, before its ranks and copies.
const MaxKeptValues = 1 << 28

// CheckKept refuses n worlds of perWorld kept values each when they would
// exceed MaxKeptValues, naming the largest count that fits.
func CheckKept(what string, n int64, perWorld int) error {
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

// MaxLanes bounds the variants solved together on the same worlds (the
// 2^10 factor combinations attribute may solve, a sweep's grid, compare's
// list): each holds its own counters in every worker.
const MaxLanes = 1 << 10

package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/parley-dev/parley/sim"
)

// longRun is how long a run may be expected to take before Parley says
// how long, and how to shorten it.
const longRun = 30 * time.Second

// estimateRun times a run of one world, apart from the run opt describes
// (which, and whose results, it leaves untouched), and when that run would
// take long (longRun) writes an estimate to w. A run first solves
// sim.CentreWorlds worlds to centre its quantile sketches, so the timed run
// solves that many plus one: their mean is the cost of a world, and a
// first world dearer than the rest (a solver's first game, a cache filled)
// weighs little in it.
func estimateRun(ctx context.Context, w io.Writer, s *sim.Scenario, opt sim.Options, long time.Duration) {
	n := opt.Iterations
	if n <= 0 {
		n = sim.DefaultIterations
	}
	if opt.Shard.Count > 1 {
		n = (n + int64(opt.Shard.Count) - 1) / int64(opt.Shard.Count)
	}
	if n < 2 {
		return
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	start := time.Now()
	if _, err := sim.Run(ctx, s, sim.Options{Iterations: 1, Seed: opt.Seed, Workers: 1}); err != nil {
		return // the run itself will say what is wrong
	}
	each := time.Since(start) / (sim.CentreWorlds + 1)
	// The run solves its centre worlds on one worker, then n worlds on all.
	d := each*sim.CentreWorlds + time.Duration(float64(each)*float64(n)/float64(workers))
	if d >= long {
		fmt.Fprintf(w, "parley: about %s for %d worlds (%s a world on %d workers); use -n or --precision to sample fewer\n",
			roughDuration(d), n, roughDuration(each), workers)
	}
}

// roughDuration writes d in its largest unit, to two figures or so.
func roughDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return rough(d.Hours()/24) + " days"
	case d >= time.Hour:
		return rough(d.Hours()) + " h"
	case d >= time.Minute:
		return rough(d.Minutes()) + " min"
	case d >= time.Second:
		return rough(d.Seconds()) + " s"
	}
	return rough(float64(d)/float64(time.Millisecond)) + " ms"
}

func rough(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.0f", x)
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", x), ".0")
}

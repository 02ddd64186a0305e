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

// estimateRun times the first worlds of the run opt describes, apart from
// it (the run itself, and so its results, are untouched), and when the
// whole run would take long (longRun) writes an estimate to w. A
// first world can cost more than the others (a solver's first game, a
// cache filled), so when it alone points to a long run the next worlds
// are timed too and the estimate uses them.
func estimateRun(ctx context.Context, w io.Writer, s *sim.Scenario, opt sim.Options, long time.Duration) {
	n := opt.Iterations
	if n <= 0 {
		n = sim.DefaultIterations
	}
	if opt.Shard.Count > 1 {
		n = (n + int64(opt.Shard.Count) - 1) / int64(opt.Shard.Count)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	timeWorlds := func(k int64) (time.Duration, bool) {
		start := time.Now()
		_, err := sim.Run(ctx, s, sim.Options{Iterations: k, Seed: opt.Seed, Workers: 1})
		return time.Since(start), err == nil
	}
	project := func(first, each time.Duration) time.Duration {
		return first + time.Duration(float64(each)*float64(n-1)/float64(workers))
	}
	if n < 2 {
		return
	}
	t1, ok := timeWorlds(1)
	if !ok || project(t1, t1) < long {
		return
	}
	t4, ok := timeWorlds(4)
	if !ok {
		return
	}
	each := max(t4-t1, 0) / 3
	if d := project(t1, each); d >= long {
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

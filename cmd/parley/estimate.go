package main

import (
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

// estimateRun returns the function for sim.Options.Centred of the run opt
// describes: called once the run has solved its sim.CentreWorlds centre
// worlds, it knows what a world costs, and when the whole run would take
// long (longRun) it writes an estimate to w before the first chunk. It
// solves no world of its own, so results are untouched.
func estimateRun(w io.Writer, opt sim.Options, long time.Duration) func() {
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
	start := time.Now()
	return func() {
		if n < 2 {
			return
		}
		each := time.Since(start) / sim.CentreWorlds
		d := time.Duration(float64(each) * float64(n) / float64(workers))
		switch {
		case d < long:
		case opt.Precision > 0:
			// n is only the cap: the precision usually stops the run
			// sooner, and when is not known before it runs.
			fmt.Fprintf(w, "parley: at most about %s, if --precision does not stop it before the cap of %d worlds (%s a world on %d workers)\n",
				roughDuration(d), n, roughDuration(each), workers)
		default:
			fmt.Fprintf(w, "parley: about %s for %d worlds (%s a world on %d workers); use -n or --precision to sample fewer\n",
				roughDuration(d), n, roughDuration(each), workers)
		}
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

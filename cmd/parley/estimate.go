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

// minTimed is the shortest time the estimate trusts: below it, one page
// fault or a descheduled moment is a large part of what was measured (63
// worlds of a fast scenario take well under a millisecond, and a hiccup of
// one made a 1.4 s run announce 34 s).
const minTimed = 100 * time.Millisecond

// estimator says, early in a run, how long the run will take when that is
// longer than long. It times the sim.CentreWorlds worlds every run solves
// first (Centred); when they took less than minTimed, it waits for the
// first progress checkpoint that does, and projects from the worlds done
// by then. It solves no world of its own, so results are untouched.
type estimator struct {
	w         io.Writer
	n         int64 // the worlds this process runs (a shard's share)
	workers   int
	precision bool // n is only a cap
	long      time.Duration
	minTimed  time.Duration

	start, centred time.Time
	decided        bool
}

func newEstimator(w io.Writer, opt sim.Options, long time.Duration) *estimator {
	n := opt.Worlds()
	if opt.Shard.Count > 1 {
		n = (n + int64(opt.Shard.Count) - 1) / int64(opt.Shard.Count)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &estimator{w: w, n: n, workers: workers, precision: opt.Precision > 0,
		long: long, minTimed: minTimed, start: time.Now()}
}

// Centred is the run's sim.Options.Centred.
func (e *estimator) Centred() {
	e.centred = time.Now()
	if e.n < 2 {
		e.decided = true
		return
	}
	took := e.centred.Sub(e.start)
	if took < e.minTimed {
		return // too quick to time: the first checkpoints decide
	}
	e.decided = true
	each := took / sim.CentreWorlds
	e.say(time.Duration(float64(each)*float64(e.n)/float64(e.workers)), each)
}

// Progress is called with the run's progress; the first checkpoint past
// minTimed decides, if Centred could not.
func (e *estimator) Progress(done, total int64) {
	if e.decided || done <= 0 || e.centred.IsZero() {
		return
	}
	took := time.Since(e.centred)
	if took < e.minTimed {
		return
	}
	e.decided = true
	// The checkpoint's worlds ran on every worker at once, so the wall
	// time scales with the worlds left, not with the workers.
	d := time.Duration(float64(took) * float64(e.n) / float64(done))
	e.say(d, time.Duration(float64(took)*float64(e.workers)/float64(done)))
}

func (e *estimator) say(d, each time.Duration) {
	switch {
	case d < e.long:
	case e.precision:
		// n is only the cap: the precision usually stops the run
		// sooner, and when is not known before it runs.
		fmt.Fprintf(e.w, "parley: at most about %s, if --precision does not stop it before the cap of %d worlds (%s a world on %d workers)\n",
			roughDuration(d), e.n, roughDuration(each), e.workers)
	default:
		fmt.Fprintf(e.w, "parley: about %s for %d worlds (%s a world on %d workers); use -n or --precision to sample fewer\n",
			roughDuration(d), e.n, roughDuration(each), e.workers)
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
	case d >= time.Millisecond:
		return rough(float64(d)/float64(time.Millisecond)) + " ms"
	}
	return rough(float64(d)/float64(time.Microsecond)) + " µs"
}

func rough(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.0f", x)
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", x), ".0")
}

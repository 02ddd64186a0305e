package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

func TestEstimateRun(t *testing.T) {
	s, err := scenarios.Load("istanbul-2025", scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// run is a run of opt with the estimate hooked in; with no time too
	// short to mention, every run of more than one world gets one.
	run := func(opt sim.Options) string {
		var b bytes.Buffer
		e := newEstimator(&b, opt, 0)
		e.minTimed = 0
		opt.Centred, opt.Progress = e.Centred, e.Progress
		if _, err := sim.Run(context.Background(), s, opt); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := regexp.MustCompile(`^parley: about [0-9.]+ (µs|ms|s|min|h|days) for 10000 worlds \([0-9.]+ (µs|ms|s|min|h|days) a world on 2 workers\); use -n or --precision to sample fewer\n$`)
	if got := run(sim.Options{Iterations: 10000, Workers: 2}); !want.MatchString(got) {
		t.Errorf("got %q, want an estimate", got)
	}
	// A shard runs its share of the worlds.
	if got := run(sim.Options{Iterations: 10000, Workers: 1, Shard: sim.Shard{Index: 0, Count: 4}}); !regexp.MustCompile(` for 2500 worlds `).MatchString(got) {
		t.Errorf("shard 1/4: got %q, want 2500 worlds", got)
	}
	// With a precision, the iterations are a cap, and the estimate says so.
	capped := regexp.MustCompile(`^parley: at most about [0-9.]+ (ms|s|min|h|days), if --precision does not stop it before the cap of 10000 worlds \(`)
	if got := run(sim.Options{Iterations: 10000, Workers: 1, Precision: 0.5}); !capped.MatchString(got) {
		t.Errorf("precision: got %q, want an estimate for the cap", got)
	}
	// A run of one world needs no estimate.
	if got := run(sim.Options{Iterations: 1}); got != "" {
		t.Errorf("one world: got %q, want nothing", got)
	}
}

// TestEstimateWaitsForTime: when the first worlds were too quick to time
// (a hiccup would dominate them), the first checkpoint that took long
// enough decides, projecting from the worlds done by then.
func TestEstimateWaitsForTime(t *testing.T) {
	var b bytes.Buffer
	e := newEstimator(&b, sim.Options{Iterations: 10_000_000, Workers: 2}, time.Minute)
	e.minTimed = time.Hour
	e.Centred()
	e.Progress(1000, 10_000_000)
	if b.Len() != 0 || e.decided {
		t.Fatalf("decided on a moment's timing: %q", b.String())
	}
	// 1000 worlds in 0.2 s: 10^7 take about 2000 s on the same workers.
	e.minTimed = 100 * time.Millisecond
	e.centred = time.Now().Add(-200 * time.Millisecond)
	e.Progress(1000, 10_000_000)
	want := regexp.MustCompile(`^parley: about 3[3-9] min for 10000000 worlds \(4[0-9]{2} µs a world on 2 workers\); use -n or --precision to sample fewer\n$`)
	if !want.MatchString(b.String()) {
		t.Errorf("got %q, want about 33 min", b.String())
	}
	// It decides once.
	b.Reset()
	e.Progress(2000, 10_000_000)
	if b.Len() != 0 {
		t.Errorf("said twice: %q", b.String())
	}
	// A quick run stays quiet.
	q := newEstimator(&b, sim.Options{Iterations: 10_000, Workers: 2}, time.Minute)
	q.centred = time.Now().Add(-200 * time.Millisecond)
	q.Progress(1000, 10_000)
	if b.Len() != 0 {
		t.Errorf("a 2 s run: got %q", b.String())
	}
}

func TestRoughDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{3 * time.Hour, "3 h"},
		{90 * time.Minute, "1.5 h"},
		{100 * time.Hour, "4.2 days"},
		{45 * time.Second, "45 s"},
		{1500 * time.Microsecond, "1.5 ms"},
		{17 * time.Microsecond, "17 µs"},
	} {
		if got := roughDuration(tc.d); got != tc.want {
			t.Errorf("roughDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

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
	// With no time too short to mention, every run gets an estimate.
	var b bytes.Buffer
	estimateRun(context.Background(), &b, s, sim.Options{Iterations: 10000, Workers: 2}, 0)
	want := regexp.MustCompile(`^parley: about [0-9.]+ (ms|s|min|h|days) for 10000 worlds \([0-9.]+ (ms|s|min|h|days) a world on 2 workers\); use -n or --precision to sample fewer\n$`)
	if !want.MatchString(b.String()) {
		t.Errorf("got %q, want an estimate", b.String())
	}
	// A shard runs its share of the worlds.
	b.Reset()
	estimateRun(context.Background(), &b, s, sim.Options{Iterations: 10000, Workers: 1, Shard: sim.Shard{Index: 0, Count: 4}}, 0)
	if !regexp.MustCompile(` for 2500 worlds `).MatchString(b.String()) {
		t.Errorf("shard 1/4: got %q, want 2500 worlds", b.String())
	}
	// A run of one world needs no estimate.
	b.Reset()
	estimateRun(context.Background(), &b, s, sim.Options{Iterations: 1}, 0)
	if b.Len() != 0 {
		t.Errorf("one world: got %q, want nothing", b.String())
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
	} {
		if got := roughDuration(tc.d); got != tc.want {
			t.Errorf("roughDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

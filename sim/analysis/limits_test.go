package analysis_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// TestRunRefusesWhatItCannotHonour: a count whose chunk arithmetic
// overflowed used to run 0 worlds and report NaN; an empty shard likewise.
func TestRunRefusesWhatItCannotHonour(t *testing.T) {
	s := thresholdScenario(t)
	tests := []struct {
		name string
		opt  sim.Options
		want string
	}{
		{"max int64", sim.Options{Iterations: math.MaxInt64}, "iterations must be between 1 and 9007199254740992 (2^53)"},
		{"2^53+1", sim.Options{Iterations: sim.MaxIterations + 1}, "iterations must be between 1"},
		{"negative", sim.Options{Iterations: -1}, "iterations must be between 1"},
		{"empty shard", sim.Options{Iterations: 100, Shard: sim.Shard{Index: 1, Count: 3}}, "100 iterations make only 1 chunk of 1024 worlds, fewer than 3 shards"},
		{"shard out of range", sim.Options{Iterations: 100, Shard: sim.Shard{Index: 3, Count: 3}}, "want 1 <= k <= n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := sim.Run(context.Background(), s, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to mention %q", err, tt.want)
			}
			if r != nil {
				t.Errorf("returned a result of %d worlds", r.Iterations)
			}
		})
	}
}

func TestSweepRefusesBadGrids(t *testing.T) {
	s := thresholdScenario(t)
	many := make([]float64, 40)
	tests := []struct {
		name string
		axes []analysis.Axis
		want string
	}{
		{"NaN value", []analysis.Axis{{Param: "x", Values: []float64{math.NaN(), 1}}}, "grid values must be finite numbers"},
		{"Inf value", []analysis.Axis{{Param: "x", Values: []float64{0, math.Inf(1)}}}, "grid values must be finite numbers"},
		{"too many points", []analysis.Axis{{Param: "x", Values: many}, {Param: "y", Values: many}}, "the grid has 1600 points; at most 1000"},
		{"no values", []analysis.Axis{{Param: "x"}}, "x has no values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := analysis.Sweep(context.Background(), s, tt.axes, sim.Options{Iterations: 100})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestPrecisionReachedIsRecorded(t *testing.T) {
	s := thresholdScenario(t)
	tests := []struct {
		n         int64
		precision float64
		reached   bool
	}{
		{10000, 0.001, false}, // p = 0.7 needs about 800000 worlds for ±0.001
		{1000000, 0.01, true},
		{5000, 0, false}, // no target: nothing to reach
	}
	for _, tt := range tests {
		r, err := sim.Run(context.Background(), s, sim.Options{Iterations: tt.n, Precision: tt.precision, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if r.PrecisionReached != tt.reached {
			t.Errorf("n %d, precision %v: reached %v, want %v (widest half-width %v)", tt.n, tt.precision, r.PrecisionReached, tt.reached, r.HalfWidth)
		}
		if tt.precision > 0 && tt.reached != (r.HalfWidth < tt.precision) {
			t.Errorf("n %d: half-width %v disagrees with reached %v", tt.n, r.HalfWidth, r.PrecisionReached)
		}
	}
}

// TestAttributeRefusesCountsItsSumsCannotHold: Shapley values scaled by k!
// are summed in int64, which 2^42 worlds of 10 factors would overflow.
func TestAttributeRefusesCountsItsSumsCannotHold(t *testing.T) {
	s := thresholdScenario(t)
	factors := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	_, err := analysis.Attribute(context.Background(), s, factors, "hit", sim.Options{Iterations: 1 << 42})
	if want := "attribute with 10 factors takes at most 2541714075411 iterations"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want it to mention %q", err, want)
	}
}

// TestWorkersBeyondChunksCostNothing: a run never starts more workers than
// it has chunks, so a huge worker count does not allocate a workspace per
// requested worker (2^30 of them used to exhaust memory).
func TestWorkersBeyondChunksCostNothing(t *testing.T) {
	s := thresholdScenario(t)
	many, err := sim.Run(context.Background(), s, sim.Options{Iterations: 3000, Workers: 1 << 30, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	one, err := sim.Run(context.Background(), s, sim.Options{Iterations: 3000, Workers: 1, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if many.Outcomes[0].Count != one.Outcomes[0].Count || many.Iterations != 3000 {
		t.Errorf("2^30 workers: %d of %d worlds hit; 1 worker: %d", many.Outcomes[0].Count, many.Iterations, one.Outcomes[0].Count)
	}
}

func TestCompareRefusesTooManyVariants(t *testing.T) {
	s := thresholdScenario(t)
	variants := make([][]string, sim.MaxLanes) // with the baseline, one lane too many
	_, err := analysis.Compare(context.Background(), s, variants, sim.Options{Iterations: 100})
	if want := "1025 variants or grid points solved together; at most 1024"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want it to mention %q", err, want)
	}
}

package analysis

import (
	"context"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
)

// TestRankRowsKeepEveryBucket: rows grown at either end in any order keep
// each bucket's counts at its own index, and count and row walk them in
// index order.
func TestRankRowsKeepEveryBucket(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := rankRows{stride: 2}
		want := map[int]uint64{}
		for _, i := range rapid.SliceOfN(rapid.IntRange(-5000, 5000), 1, 200).Draw(t, "indices") {
			row := r.at(i)
			row[0]++
			row[1] += uint64(i + 5000)
			want[i]++
		}
		seen := 0
		for k := range r.count() {
			i, row := r.off+k, r.row(k)
			if row[0] != want[i] || (row[0] > 0 && row[1] != row[0]*uint64(i+5000)) {
				t.Fatalf("bucket %d: %v, want count %d", i, row, want[i])
			}
			if row[0] > 0 {
				seen++
			}
		}
		if seen != len(want) {
			t.Fatalf("%d buckets occupied, want %d", seen, len(want))
		}
	})
}

// TestDiscreteRanksAreMidDistribution: a discrete value's rank is
// P(X < x) + P(X = x)/2 whatever the order or repetition of the listed
// values.
func TestDiscreteRanksAreMidDistribution(t *testing.T) {
	tests := []struct {
		name string
		spec sim.DistSpec
		x    []float64
		want []float64
	}{
		{"categorical out of order, repeated", sim.DistSpec{Kind: "categorical", Values: []float64{3, 1, 2, 1}, Weights: []float64{2, 3, 3, 2}},
			[]float64{1, 2, 3, 4}, []float64{0.25, 0.65, 0.9, math.NaN()}},
		{"bernoulli", sim.DistSpec{Kind: "bernoulli", Args: []float64{0.35}}, []float64{0, 1}, []float64{0.325, 0.825}},
		{"bernoulli certain", sim.DistSpec{Kind: "bernoulli", Args: []float64{1}}, []float64{1}, []float64{0.5}},
		{"discrete uniform", sim.DistSpec{Kind: "discrete_uniform", Args: []float64{-1, 2}}, []float64{-1, 0, 2}, []float64{0.125, 0.375, 0.875}},
		{"categorical huge weights", sim.DistSpec{Kind: "categorical", Values: []float64{5, 4}, Weights: []float64{1e308, 1e308}}, []float64{4, 5}, []float64{0.25, 0.75}},
	}
	for _, tt := range tests {
		d := newDiscreteRanks(tt.spec)
		for i, x := range tt.x {
			got, want := d.rank(x), tt.want[i]
			if math.IsNaN(want) != math.IsNaN(got) || math.Abs(got-want) > 1e-15 {
				t.Errorf("%s: rank(%v) = %v, want %v", tt.name, x, got, want)
			}
		}
	}
	if newDiscreteRanks(sim.DistSpec{Kind: "normal", Args: []float64{0, 1}}) != nil {
		t.Error("a continuous family's rank is its draw: want no table")
	}
}

// TestU128: sums past 64 bits carry.
func TestU128(t *testing.T) {
	var s u128
	s.addMul(math.MaxUint64, math.MaxUint64)
	s.add(math.MaxUint64)
	s.add(1)
	// (2^64−1)² + 2^64 = 2^128 − 2^65 + 1 + 2^64 = 2^128 − 2^64 + 1
	if s.hi != math.MaxUint64 || s.lo != 1 {
		t.Errorf("got hi %x lo %x", s.hi, s.lo)
	}
	if got := s.big().String(); got != "340282366920938463444927863358058659841" {
		t.Errorf("big: %s", got)
	}
}

// drawChecker compares every world's parameter values with the quantile
// of the draw Sensitivity recomputes for them.
type drawChecker struct {
	s      *sim.Scenario
	seed   uint64
	worlds int64
	bad    string
}

func (c *drawChecker) WriteSamples(b *sim.SampleBatch) error {
	for w := range b.N {
		it := b.Start + int64(w)
		c.worlds++
		for j, p := range c.s.Params {
			if !p.Uncertain() {
				continue
			}
			u := model.UniformAt(p.StreamSeed(c.seed), it)
			if x := b.X[w*b.Slots+j]; u < 1 && p.Quantile(u) != x && c.bad == "" {
				c.bad = fmt.Sprintf("%s in world %d: %v, recomputed %v", p.Name, it, x, p.Quantile(u))
			}
		}
	}
	return nil
}

// TestSensitivityRecomputesTheDraws: in every world of a run, on two
// workers, each uncertain parameter's value is the quantile of the draw
// model.UniformAt gives from its StreamSeed, the draw Sensitivity takes as
// its rank. If the runner's streams change, this fails (and Sensitivity
// refuses to run, from the same check on its first worlds).
func TestSensitivityRecomputesTheDraws(t *testing.T) {
	for _, name := range []string{"istanbul-2025", "crisis-bargaining", "istanbul-2025-issues"} {
		s, err := scenarios.Load("../../scenarios/"+name+".yaml", scenarios.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := &drawChecker{s: s, seed: 9}
		if _, err := sim.Run(context.Background(), s, sim.Options{Iterations: 5000, Seed: 9, Workers: 2, Samples: c}); err != nil {
			t.Fatal(err)
		}
		if c.bad != "" || c.worlds != 5000 {
			t.Errorf("%s: %d worlds; %s", name, c.worlds, c.bad)
		}
	}
}

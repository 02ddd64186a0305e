package sim

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/model"
)

// TestDistMeans integrates each quantile function over a fine grid of u,
// which must reproduce the family's analytic mean.
func TestDistMeans(t *testing.T) {
	tests := []struct {
		spec DistSpec
		mean float64
	}{
		{DistSpec{Kind: "fixed", Args: []float64{3}}, 3},
		{DistSpec{Kind: "uniform", Args: []float64{2, 6}}, 4},
		{DistSpec{Kind: "normal", Args: []float64{1, 2}}, 1},
		{DistSpec{Kind: "lognormal", Args: []float64{0, 0.5}}, math.Exp(0.125)},
		{DistSpec{Kind: "beta", Args: []float64{2, 6}}, 0.25},
		{DistSpec{Kind: "beta", Args: []float64{2, 6, 10, 18}}, 12},
		{DistSpec{Kind: "triangular", Args: []float64{2, 5, 9}}, 16.0 / 3},
		{DistSpec{Kind: "pert", Args: []float64{2, 5, 9}}, (2 + 4*5 + 9) / 6.0},
		{DistSpec{Kind: "bernoulli", Args: []float64{0.3}}, 0.3},
		{DistSpec{Kind: "categorical", Values: []float64{1, 2, 3}, Weights: []float64{1, 1, 2}}, 2.25},
		{DistSpec{Kind: "discrete_uniform", Args: []float64{1, 6}}, 3.5},
		// Truncated symmetric about its mean keeps the mean.
		{DistSpec{Kind: "truncnormal", Args: []float64{5, 2, 3, 7}}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.spec.Kind, func(t *testing.T) {
			ps := &model.Problems{}
			d := compileDist("p", tt.spec, ps)
			if d == nil {
				t.Fatal(ps.Err())
			}
			const n = 200000
			sum := 0.0
			for k := range n {
				sum += d.quantile((float64(k) + 0.5) / n)
			}
			if got := sum / n; math.Abs(got-tt.mean) > 1e-3*math.Max(1, math.Abs(tt.mean)) {
				t.Errorf("mean %v, want %v", got, tt.mean)
			}
		})
	}
}

func TestDistRejectsImpossibleArguments(t *testing.T) {
	tests := []struct {
		spec DistSpec
		want string
	}{
		{DistSpec{Kind: "beta", Args: []float64{0, 1}}, "alpha > 0"},
		{DistSpec{Kind: "triangular", Args: []float64{5, 2, 9}}, "min <= mode <= max"},
		{DistSpec{Kind: "uniform", Args: []float64{1, 1}}, "min < max"},
		{DistSpec{Kind: "normal", Args: []float64{0, -1}}, "sd > 0"},
		{DistSpec{Kind: "bernoulli", Args: []float64{1.5}}, "0 <= p <= 1"},
		{DistSpec{Kind: "truncnormal", Args: []float64{0, 1, 50, 60}}, "too far in the tail"},
		{DistSpec{Kind: "discrete_uniform", Args: []float64{1.5, 3}}, "integers"},
		{DistSpec{Kind: "categorical", Values: []float64{1, 2}, Weights: []float64{1}}, "one weight per value"},
		{DistSpec{Kind: "uniform", Args: []float64{1}}, "takes 2 numbers"},
		{DistSpec{Kind: "unifrom", Args: []float64{0, 1}}, `did you mean "uniform"`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			ps := &model.Problems{}
			if d := compileDist("parameters.x", tt.spec, ps); d != nil {
				t.Fatal("accepted")
			}
			if err := ps.Err(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestBernoulliIsMonotoneInP(t *testing.T) {
	// Common random numbers: raising p must only turn 0s into 1s.
	lo := &dist{kind: "bernoulli", a: 0.2}
	hi := &dist{kind: "bernoulli", a: 0.5}
	for k := range 1000 {
		u := (float64(k) + 0.5) / 1000
		if lo.quantile(u) > hi.quantile(u) {
			t.Fatalf("u=%v: p=0.2 gives 1 where p=0.5 gives 0", u)
		}
	}
}

// TestTriangularBranchFree: the quantile picks its side by a mask; it
// must be bit for bit the branching formula, at the split and around it.
func TestTriangularBranchFree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, a := range [][3]float64{{2, 5, 9}, {0, 0, 1}, {0, 1, 1}, {-3, -1, -0.5}, {0.5, 1.5, 3}, {-1e150, 0, 1e150}, {1, 1 + 1e-12, 1 + 2e-12}} {
		d := compileDist("p", DistSpec{Kind: "triangular", Args: a[:]}, &model.Problems{})
		lo, mode, hi := a[0], a[1], a[2]
		us := []float64{uMin, uMax, d.split, math.Nextafter(d.split, 0), math.Nextafter(d.split, 1), 0.5}
		for range 20000 {
			us = append(us, (float64(r.Uint64()>>11)+0.5)*0x1p-53)
		}
		for _, u := range us {
			u = min(u, uMax) // as sample clamps it
			want := hi - math.Sqrt((1-u)*(hi-lo)*(hi-mode))
			if u < (mode-lo)/(hi-lo) {
				want = lo + math.Sqrt(u*(hi-lo)*(mode-lo))
			}
			if got := d.sample(u); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("triangular%v at u = %v: %v, want %v", a, u, got, want)
			}
		}
	}
}

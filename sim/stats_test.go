package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestWilson(t *testing.T) {
	// Reference values from the closed form (Wilson 1927), z = 1.959964.
	tests := []struct {
		k, n   int64
		lo, hi float64
	}{
		{50, 100, 0.40383153, 0.59616847},
		{0, 10, 0, 0.27753279},
		{10, 10, 0.72246721, 1},
		{1, 1000, 0.00017655, 0.00564256},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > 1e-7 || math.Abs(hi-tt.hi) > 1e-7 {
			t.Errorf("Wilson(%d, %d) = [%.8f, %.8f], want [%.8f, %.8f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestExactSumIsOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(30)-15))
	}
	var fwd, rev, split exactSum
	for _, x := range xs {
		fwd.add(x)
	}
	for i := len(xs) - 1; i >= 0; i-- {
		rev.add(xs[i])
	}
	var a, b exactSum
	for i, x := range xs {
		if i%3 == 0 {
			a.add(x)
		} else {
			b.add(x)
		}
	}
	split.merge(&b)
	split.merge(&a)
	fwd.carry()
	rev.carry()
	if fwd.big().Cmp(rev.big()) != 0 || fwd.big().Cmp(split.big()) != 0 || fwd != split {
		t.Errorf("sums differ: %v %v %v", fwd.value(), rev.value(), split.value())
	}
}

func TestMeanSD(t *testing.T) {
	var s, s2 exactSum
	for _, x := range []float64{1e3 + 1, 1e3 + 2, 1e3 + 3} {
		s.add(x)
		s2.addSquare(x)
	}
	m, sd := meanSD(3, &s, &s2)
	if m != 1e3+2 || math.Abs(sd-1) > 1e-12 {
		t.Errorf("meanSD = %v, %v; want 1002, 1", m, sd)
	}
}

func TestSketchQuantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 20000)
	var whole, a, b sketch
	for i := range xs {
		x := r.NormFloat64() * 5
		if i%7 == 0 {
			x = 2 // a repeated value, as game payoffs often are
		}
		if i%11 == 0 {
			x = 0
		}
		xs[i] = x
		whole.add(x)
		if i%2 == 0 {
			a.add(x)
		} else {
			b.add(x)
		}
	}
	var merged sketch
	merged.merge(&b)
	merged.merge(&a)
	slices.Sort(xs)
	n := int64(len(xs))
	for _, q := range []float64{0.01, 0.05, 0.5, 0.95, 0.99} {
		exact := xs[int(math.Ceil(q*float64(n)))-1]
		got := whole.quantile(q, n)
		if math.Abs(got-exact) > sketchAlpha*math.Abs(exact)+1e-12 {
			t.Errorf("q%.2f: got %v, exact %v", q, got, exact)
		}
		if m := merged.quantile(q, n); m != got {
			t.Errorf("q%.2f: merged sketch gives %v, whole gives %v", q, m, got)
		}
	}
	// A value that fills its bucket alone is reported exactly.
	var s sketch
	for range 10 {
		s.add(2)
	}
	if got := s.quantile(0.5, 10); got != 2 {
		t.Errorf("median of ten 2s = %v", got)
	}
}

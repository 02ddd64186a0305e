package stats

import (
	"math"
	"math/big"
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
	var fwd, rev, split ExactSum
	for _, x := range xs {
		fwd.Add(x)
	}
	for i := len(xs) - 1; i >= 0; i-- {
		rev.Add(xs[i])
	}
	var a, b ExactSum
	for i, x := range xs {
		if i%3 == 0 {
			a.Add(x)
		} else {
			b.Add(x)
		}
	}
	split.Merge(&b)
	split.Merge(&a)
	fwd.carry()
	rev.carry()
	if fwd.Big().Cmp(rev.Big()) != 0 || fwd.Big().Cmp(split.Big()) != 0 || fwd != split {
		t.Errorf("sums differ: %v %v %v", fwd.Float64(), rev.Float64(), split.Float64())
	}
}

func TestMeanSD(t *testing.T) {
	var s, s2 ExactSum
	for _, x := range []float64{1e3 + 1, 1e3 + 2, 1e3 + 3} {
		s.Add(x)
		s2.AddSquare(x)
	}
	m, sd := MeanSD(3, &s, &s2)
	if m != 1e3+2 || math.Abs(sd-1) > 1e-12 {
		t.Errorf("MeanSD = %v, %v; want 1002, 1", m, sd)
	}
}

func TestSketchQuantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 20000)
	var whole, a, b Sketch
	for i := range xs {
		x := r.NormFloat64() * 5
		if i%7 == 0 {
			x = 2 // a repeated value, as game payoffs often are
		}
		if i%11 == 0 {
			x = 0
		}
		xs[i] = x
		whole.Add(x)
		if i%2 == 0 {
			a.Add(x)
		} else {
			b.Add(x)
		}
	}
	var merged Sketch
	merged.Merge(&b)
	merged.Merge(&a)
	slices.Sort(xs)
	n := int64(len(xs))
	for _, q := range []float64{0.01, 0.05, 0.5, 0.95, 0.99} {
		exact := xs[int(math.Ceil(q*float64(n)))-1]
		got := whole.Quantile(q, n)
		if math.Abs(got-exact) > alpha*math.Abs(exact)+1e-12 {
			t.Errorf("q%.2f: got %v, exact %v", q, got, exact)
		}
		if m := merged.Quantile(q, n); m != got {
			t.Errorf("q%.2f: merged sketch gives %v, whole gives %v", q, m, got)
		}
	}
	// A value that fills its bucket alone is reported exactly.
	var s Sketch
	for range 10 {
		s.Add(2)
	}
	if got := s.Quantile(0.5, 10); got != 2 {
		t.Errorf("median of ten 2s = %v", got)
	}
}

// TestExactSumIsExact: sums of values and of squares across the whole
// float64 range (subnormals, ±1.7e308, whose squares overflow float64)
// equal big.Float sums at a precision that cannot round, whatever the
// split into merged parts; and they survive the shard text round trip.
func TestExactSumIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	xs := []float64{math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -5e-324, 1e308, 1e-308, 0, math.Copysign(0, -1)}
	for range 3000 {
		m := r.Float64()*2 - 1
		xs = append(xs, math.Ldexp(m, r.IntN(2100)-1075))
	}
	const prec = 20000
	want, wantSq := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
	var whole, sq ExactSum
	parts := make([]ExactSum, 3)
	partsSq := make([]ExactSum, 3)
	for i, x := range xs {
		bx := new(big.Float).SetPrec(prec).SetFloat64(x)
		want.Add(want, bx)
		wantSq.Add(wantSq, new(big.Float).SetPrec(prec).Mul(bx, bx))
		whole.Add(x)
		sq.AddSquare(x)
		parts[i%3].Add(x)
		partsSq[i%3].AddSquare(x)
	}
	whole.carry()
	sq.carry()
	var split, splitSq ExactSum
	for _, k := range []int{2, 0, 1} {
		split.Merge(&parts[k])
		splitSq.Merge(&partsSq[k])
	}
	if whole.Big().Cmp(want) != 0 || sq.Big().Cmp(wantSq) != 0 {
		t.Errorf("sums %v, %v; want %v, %v", whole.Big(), sq.Big(), want, wantSq)
	}
	if split != whole || splitSq != sq {
		t.Error("merged parts differ from the whole")
	}
	for _, s := range []*ExactSum{&whole, &sq} {
		f, _, err := new(big.Float).SetPrec(ExactSumPrec).Parse(s.Big().Text('p', 0), 0)
		var back ExactSum
		if err == nil {
			err = back.SetBig(f)
		}
		if err != nil || back != *s {
			t.Errorf("text round trip: %v", err)
		}
	}
}

func TestMeanSDFarFromZeroAndNearOverflow(t *testing.T) {
	tests := []struct {
		xs       []float64
		mean, sd float64
	}{
		{[]float64{1e12 + 1, 1e12 + 2, 1e12 + 3}, 1e12 + 2, 1},
		{[]float64{1e16, 1e16 + 2, 1e16 + 4}, 1e16 + 2, 2},
		{[]float64{1e308, -1e308}, 0, math.Sqrt2 * 1e308},
		{[]float64{1.7e308, -1.7e308}, 0, math.Inf(1)}, // sd 2.4e308: beyond float64
		{[]float64{5e-324, 5e-324}, 5e-324, 0},
	}
	for _, tc := range tests {
		var s, s2 ExactSum
		for _, x := range tc.xs {
			s.Add(x)
			s2.AddSquare(x)
		}
		m, sd := MeanSD(int64(len(tc.xs)), &s, &s2)
		if m != tc.mean || !(sd == tc.sd || math.Abs(sd-tc.sd) <= 1e-15*tc.sd) {
			t.Errorf("%v: MeanSD = %v, %v; want %v, %v", tc.xs, m, sd, tc.mean, tc.sd)
		}
	}
}

// TestSketchKeepsDecimalsFarFromZero: quantiles of 1e8 + u are measured
// from the sketch's centre, so they keep their decimals.
func TestSketchKeepsDecimalsFarFromZero(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	sk := NewSketch(1e8)
	xs := make([]float64, 10000)
	for i := range xs {
		xs[i] = 1e8 + (r.Float64()*2 - 1)
		sk.Add(xs[i])
	}
	slices.Sort(xs)
	for _, q := range []float64{0.05, 0.5, 0.95} {
		exact := xs[int(math.Ceil(q*float64(len(xs))))-1]
		if got := sk.Quantile(q, int64(len(xs))); math.Abs(got-exact) > 2e-3 {
			t.Errorf("q%v = %.6f, want %.6f", q, got, exact)
		}
	}
}

func TestSpearmanWithTies(t *testing.T) {
	if got := Ranks([]float64{3, 1, 3, 2}); !slices.Equal(got, []float64{3.5, 1, 3.5, 2}) {
		t.Errorf("Ranks = %v, want [3.5 1 3.5 2]", got)
	}
	// A monotone transform leaves the rank correlation at 1.
	x := []float64{0.5, 2, -1, 7, 3}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Exp(v)
	}
	if got := Spearman(x, y); math.Abs(got-1) > 1e-15 {
		t.Errorf("Spearman of x and exp(x) = %v, want 1", got)
	}
	if got := Spearman(x, []float64{1, 1, 1, 1, 1}); got != 0 {
		t.Errorf("Spearman with a constant = %v, want 0", got)
	}
}

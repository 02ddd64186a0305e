package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/model"
)

// TestExtremeDistributionsSample draws each family with extreme but valid
// arguments over a fine grid of u (plus the two extreme draws a world can
// make) and compares the mean and sd with the known values. Before, tiny
// beta shapes gave a mean of 0.28 instead of 0.5, and wide spans sampled
// ±Inf or NaN.
func TestExtremeDistributionsSample(t *testing.T) {
	tests := []struct {
		name     string
		spec     DistSpec
		mean, sd float64
	}{
		{"beta tiny equal shapes", DistSpec{Kind: "beta", Args: []float64{1e-20, 1e-20}}, 0.5, 0.5},
		{"beta tiny unequal shapes", DistSpec{Kind: "beta", Args: []float64{1e-20, 3e-20}}, 0.25, math.Sqrt(0.25 * 0.75)},
		{"beta smallest shapes", DistSpec{Kind: "beta", Args: []float64{1e-300, 1e-300}}, 0.5, 0.5},
		{"beta small shapes", DistSpec{Kind: "beta", Args: []float64{1e-5, 2e-5}}, 1.0 / 3, math.Sqrt(2.0/9) * math.Sqrt(1/(1+3e-5))},
		{"beta large equal shapes", DistSpec{Kind: "beta", Args: []float64{1e7, 1e7}}, 0.5, math.Sqrt(0.25 / (2e7 + 1))},
		{"beta large and small shape", DistSpec{Kind: "beta", Args: []float64{1e6, 3}}, 1e6 / (1e6 + 3), math.Sqrt(3e6 / ((1e6 + 3) * (1e6 + 3) * (1e6 + 4)))},
		{"beta rescaled to a huge span", DistSpec{Kind: "beta", Args: []float64{2, 2, -1e308, 1e308}}, 0, 1e308 / math.Sqrt(5)},
		{"uniform over the whole float range", DistSpec{Kind: "uniform", Args: []float64{-1e308, 1e308}}, 0, 1e308 / math.Sqrt(3)},
		{"pert over the whole float range", DistSpec{Kind: "pert", Args: []float64{-1e308, 0, 1e308}}, 0, 1e308 / math.Sqrt(7)},
		{"triangular over the whole float range", DistSpec{Kind: "triangular", Args: []float64{-1e308, 0, 1e308}}, 0, 1e308 / math.Sqrt(6)},
		{"triangular span above sqrt(max)", DistSpec{Kind: "triangular", Args: []float64{0, 0, 1e200}}, 1e200 / 3, 1e200 / math.Sqrt(18)},
		{"normal with a huge sd", DistSpec{Kind: "normal", Args: []float64{0, 1e307}}, 0, 1e307},
		{"discrete uniform at 2^53", DistSpec{Kind: "discrete_uniform", Args: []float64{1 << 53, 1 << 53}}, 1 << 53, 0},
		{"discrete uniform near -2^53", DistSpec{Kind: "discrete_uniform", Args: []float64{-(1 << 53), -(1 << 53) + 4}}, -(1 << 53) + 2, math.Sqrt(2)},
		{"categorical with huge weights", DistSpec{Kind: "categorical", Values: []float64{1, 7}, Weights: []float64{1e308, 1e308}}, 4, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := &model.Problems{}
			d := compileDist("p", tt.spec, ps)
			if d == nil {
				t.Fatal(ps.Err())
			}
			for _, u := range []float64{uMin, 1} { // 1: what (m + 0.5)·2^-53 rounds to for the largest m
				if x := d.sample(u); math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("sample(%v) = %v", u, x)
				}
			}
			// Standardised by the known moments first, so that nothing
			// overflows and no digits are lost near ±2^53.
			scale := tt.sd
			if scale == 0 {
				scale = 1
			}
			const n = 20000
			zs := make([]float64, n)
			mean := 0.0
			for k := range n {
				x := d.sample((float64(k) + 0.5) / n)
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("sample(%v) = %v", (float64(k)+0.5)/n, x)
				}
				zs[k] = (x - tt.mean) / scale
				mean += zs[k] / n
			}
			ss := 0.0
			for _, z := range zs {
				ss += (z - mean) * (z - mean) / n
			}
			if math.Abs(mean) > 2e-3 {
				t.Errorf("mean %v, want %v", tt.mean+mean*scale, tt.mean)
			}
			if sd, want := math.Sqrt(ss), tt.sd/scale; math.Abs(sd-want) > 5e-3 {
				t.Errorf("sd %v, want %v", sd*scale, tt.sd)
			}
		})
	}
}

// TestBetaQuantileTails checks the exact beta quantile against closed
// forms where gonum's inversion misses: the upper tail of beta(1, b)
// (gave nearly 1 instead of 0.13 at u = 1 − 1e-6 for b = 100) and the far
// lower tail of beta(a, 1) (gave 0 instead of 0.96 at u = 2^-54 for a = 1000).
func TestBetaQuantileTails(t *testing.T) {
	us := []float64{uMin, 1e-12, 8e-7, 1e-3, 0.5, 1 - 1e-3, 1 - 8e-7, 1 - 1e-12, uMax}
	for _, a := range []float64{0.3, 10, 100, 1e3, 1e5, 1e7} {
		tol := 0.0
		if a <= betaTableMax {
			tol = 1e-9 // the table's absolute accuracy
		}
		for _, u := range us {
			if got, want := newBetaTable(a, 1).quantile(u), math.Pow(u, 1/a); math.Abs(got-want) > max(1e-6*want, tol) {
				t.Errorf("beta(%g, 1) at u = %v: %v, want %v", a, u, got, want)
			}
			if got, want := newBetaTable(1, a).quantile(u), -math.Expm1(math.Log1p(-u)/a); math.Abs(got-want) > max(1e-6*want, tol) {
				t.Errorf("beta(1, %g) at u = %v: %v, want %v", a, u, got, want)
			}
		}
	}
}

// TestExtremeDistributionsRefused: arguments that cannot be sampled are
// refused at load with the valid range, instead of sampling NaN or ±Inf
// and blaming the payoff.
func TestExtremeDistributionsRefused(t *testing.T) {
	tests := []struct {
		spec DistSpec
		want string
	}{
		{DistSpec{Kind: "beta", Args: []float64{1e300, 1e300}}, "beta needs 1e-300 <= alpha, beta <= 1e+07"},
		{DistSpec{Kind: "beta", Args: []float64{1e-310, 1}}, "beta needs 1e-300 <= alpha, beta <= 1e+07"},
		{DistSpec{Kind: "beta", Args: []float64{2, 2e7}}, "found alpha 2 and beta 2e+07"},
		{DistSpec{Kind: "discrete_uniform", Args: []float64{1e16, 1e16}}, "within ±2^53 (9007199254740992)"},
		{DistSpec{Kind: "discrete_uniform", Args: []float64{-(1 << 53), 1 << 53}}, "fewer than 2^53 integers between them"},
		{DistSpec{Kind: "normal", Args: []float64{0, 1e308}}, "normal(0, 1e+308) would sample values beyond ±1.8e308: it needs |mean| + 8.29 × sd <= 1.8e308"},
		{DistSpec{Kind: "normal", Args: []float64{1.7e308, 1e307}}, "would sample values beyond ±1.8e308"},
		{DistSpec{Kind: "lognormal", Args: []float64{0, 1e3}}, "lognormal(0, 1000) would sample values beyond 1.8e308: it needs mu + 8.21 × sigma <= 709"},
		{DistSpec{Kind: "lognormal", Args: []float64{1000, 1}}, "mu + 8.21 × sigma <= 709"},
		{DistSpec{Kind: "truncnormal", Args: []float64{1e308, 1e308, -1.7e308, 1.7e308}}, "truncnormal(1e+308, 1e+308, -1.7e+308, 1.7e+308) would sample values beyond ±1.8e308"},
		{DistSpec{Kind: "categorical", Values: []float64{1, math.Inf(1)}, Weights: []float64{1, 1}}, "p.categorical.values.1: values must be finite numbers"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			ps := &model.Problems{}
			if d := compileDist("p", tt.spec, ps); d != nil {
				t.Fatalf("accepted; samples %v and %v at the extremes", d.sample(uMin), d.sample(1))
			}
			if err := ps.Err(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

// TestTruncnormalUpperTail: a truncation interval far above the mean was
// sampled through CDF values crowded against 1 (mean of [7, 8] off by
// 5e-6 relative); the mirrored lower tail keeps full precision.
func TestTruncnormalUpperTail(t *testing.T) {
	phi := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
	surv := func(x float64) float64 { return math.Erfc(x/math.Sqrt2) / 2 }
	for _, c := range []float64{-8, -3, 0.5, 3, 6, 7} {
		ps := &model.Problems{}
		d := compileDist("p", DistSpec{Kind: "truncnormal", Args: []float64{0, 1, c, c + 1}}, ps)
		if d == nil {
			t.Fatal(ps.Err())
		}
		const n = 200000
		mean := 0.0
		for k := range n {
			mean += d.quantile((float64(k) + 0.5) / n)
		}
		mean /= n
		mass := surv(c) - surv(c+1)
		if c < 0 { // the same mass, from the lower tail's digits
			mass = surv(-(c + 1)) - surv(-c)
		}
		want := (phi(c) - phi(c+1)) / mass
		if math.Abs(mean-want) > 1e-8*math.Abs(want) {
			t.Errorf("truncnormal(0, 1, %v, %v): mean %.12g, want %.12g", c, c+1, mean, want)
		}
		if lo, hi := d.sample(uMin), d.sample(1); lo < c || hi > c+1 {
			t.Errorf("truncnormal(0, 1, %v, %v): extreme draws %v and %v outside the bounds", c, c+1, lo, hi)
		}
	}
}

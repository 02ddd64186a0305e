package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLogIndexExact: the table-driven index equals the formula it
// replaces on random distances of every magnitude a sketch sees, and on
// the float64 neighbours of bucket boundaries, where rounding decides.
func TestLogIndexExact(t *testing.T) {
	exact := func(a float64) int { return int(math.Ceil(math.Log(a) / logGamma)) }
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(a float64) {
		if got, want := logIndex(a), exact(a); got != want {
			t.Fatalf("logIndex(%v) = %d, want %d", a, got, want)
		}
	}
	for range 2_000_000 {
		if a := math.Exp(rng.Float64()*(math.Log(math.MaxFloat64)-math.Log(zeroWidth)) + math.Log(zeroWidth)); a <= math.MaxFloat64 {
			check(a)
		}
		check(rng.Float64() * 10)
	}
	for i := MinBucketIndex; i <= MaxBucketIndex; i += 7 {
		a := math.Exp(float64(i) * logGamma)
		if math.IsInf(a, 0) || a < zeroWidth {
			continue
		}
		for k, x := 0, a; k < 4; k++ {
			check(x)
			x = math.Nextafter(x, math.Inf(1))
		}
		for k, x := 0, a; k < 4; k++ {
			check(x)
			x = math.Nextafter(x, 0)
		}
	}
	check(math.MaxFloat64)
	check(zeroWidth)
}

func BenchmarkBucketOf(b *testing.B) {
	xs := make([]float64, 1024)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range xs {
		xs[i] = rng.NormFloat64() * 3
	}
	b.Run("table", func(b *testing.B) {
		s := 0
		for i := range b.N {
			s += logIndex(math.Abs(xs[i%len(xs)] - 0.5))
		}
		sink = s
	})
	b.Run("log", func(b *testing.B) {
		s := 0
		for i := range b.N {
			s += int(math.Ceil(math.Log(math.Abs(xs[i%len(xs)]-0.5)) / logGamma))
		}
		sink = s
	})
}

var sink int

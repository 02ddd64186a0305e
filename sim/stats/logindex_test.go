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

// TestSketchGrowsBothWays: buckets met in any order (ever lower indices,
// then higher, interleaved) hold the same counts as a plain map of
// indices, through the room kept below the range.
func TestSketchGrowsBothWays(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 20 {
		sk := NewSketch(0)
		want := map[int]int64{}
		for k := range 5000 {
			var x float64
			switch {
			case round%2 == 0 && k < 2500:
				x = math.Exp(-float64(k) / 50) // ever lower indices first
			default:
				x = math.Exp(rng.NormFloat64() * 10)
			}
			sk.Add(x)
			if side, i := BucketOf(x, 0); side == 1 {
				want[i]++
			}
		}
		_, off, pos, _, _ := sk.Buckets()
		got := map[int]int64{}
		for j, b := range pos {
			if b.N > 0 {
				got[off+j] = b.N
			}
		}
		if len(got) != len(want) {
			t.Fatalf("round %d: %d buckets, want %d", round, len(got), len(want))
		}
		for i, n := range want {
			if got[i] != n {
				t.Fatalf("round %d: bucket %d holds %d, want %d", round, i, got[i], n)
			}
		}
	}
}

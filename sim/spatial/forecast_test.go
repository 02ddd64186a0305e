package spatial_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parley-dev/parley/sim/spatial"
)

func TestWeightedMedianMean(t *testing.T) {
	tests := []struct {
		name         string
		xs, ws       []float64
		median, mean float64
	}{
		{"one", []float64{3}, []float64{2}, 3, 3},
		{"heavy end", []float64{0, 10, 20}, []float64{1, 1, 3}, 20, 14},
		{"unsorted", []float64{20, 0, 10}, []float64{1, 1, 1}, 10, 10},
		// Exactly half at or below 0: the lower of the two medians.
		{"tie", []float64{0, 10}, []float64{1, 1}, 0, 5},
		{"shared position", []float64{5, 1, 5, 9}, []float64{1, 2, 1, 3}, 5, 39.0 / 7},
		{"zero weight ignored", []float64{-50, 1, 2}, []float64{0, 1, 2}, 2, 5.0 / 3},
		{"no weight", []float64{1, 2}, []float64{0, 0}, math.NaN(), math.NaN()},
		{"nobody", nil, nil, math.NaN(), math.NaN()},
	}
	same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-12 }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spatial.WeightedMedian(tt.xs, tt.ws); !same(got, tt.median) {
				t.Errorf("median %v, want %v", got, tt.median)
			}
			if got := spatial.WeightedMean(tt.xs, tt.ws); !same(got, tt.mean) {
				t.Errorf("mean %v, want %v", got, tt.mean)
			}
		})
	}
}

// TestWeightedMedianIsMedianVoter: the weighted median wins every
// pairwise vote with linear utilities — no position is closer, in
// weighted distance, to the voters (Black's median voter).
func TestWeightedMedianIsMedianVoter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 1 + rng.IntN(12)
		xs, ws := make([]float64, n), make([]float64, n)
		for i := range xs {
			xs[i], ws[i] = float64(rng.IntN(11)), float64(rng.IntN(4))
		}
		m := spatial.WeightedMedian(xs, ws)
		if math.IsNaN(m) {
			continue
		}
		loss := func(y float64) (sum float64) {
			for i, x := range xs {
				sum += ws[i] * math.Abs(x-y)
			}
			return sum
		}
		for _, y := range xs {
			if loss(y) < loss(m)-1e-9 {
				t.Fatalf("trial %d: %v beats the median %v (xs %v, ws %v)", trial, y, m, xs, ws)
			}
		}
	}
}

func TestForecast(t *testing.T) {
	actors := []spatial.Actor{
		{Name: "A", Capability: 2, Position: []float64{0, 100}, Salience: []float64{0.5, 1}},
		{Name: "B", Capability: 1, Position: []float64{60, 40}, Salience: []float64{1, 0}},
		{Name: "C", Capability: 1, Position: []float64{90, 0}, Salience: []float64{0.5, 1}},
	}
	// Dimension 0: weights 1, 1, 0.5; dimension 1: 2, 0, 1.
	tests := []struct {
		d            int
		median, mean float64
	}{
		{0, 60, (0 + 60 + 45) / 2.5},
		{1, 100, 200.0 / 3},
	}
	var f spatial.Forecaster
	for _, tt := range tests {
		med, mean := spatial.Forecast(actors, tt.d)
		if med != tt.median || math.Abs(mean-tt.mean) > 1e-12 {
			t.Errorf("dimension %d: %v, %v; want %v, %v", tt.d, med, mean, tt.median, tt.mean)
		}
		pos := [][]float64{actors[0].Position, actors[1].Position, actors[2].Position}
		med2, mean2 := f.Forecast(actors, pos, tt.d)
		if med2 != med || mean2 != mean {
			t.Errorf("dimension %d: Forecaster %v, %v; Forecast %v, %v", tt.d, med2, mean2, med, mean)
		}
	}
	if n := testing.AllocsPerRun(10, func() { f.Forecast(actors, [][]float64{{1}, {2}, {3}}, 0) }); n != 0 {
		t.Errorf("Forecaster: %v allocations per call, want 0", n)
	}
}

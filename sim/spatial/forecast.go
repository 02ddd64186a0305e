package spatial

import "math"

// tieMargin is the relative margin by which one quantity must exceed
// another to count as larger, in the forecasts and the models' choices:
// far above the rounding of their sums (about 1e-15 relative), far below
// any real difference.
const tieMargin = 1e-12

// WeightedMedian returns the weighted median of the positions xs with
// weights ws: the smallest position at which the weight at or below it
// reaches half the total. It is the median voter's position — no other
// position wins a pairwise vote against it with linear utilities — and
// always one of the xs. NaN when the weights sum to zero or less.
//
// It takes O(n²) time and allocates nothing: the spatial models call it
// once per dimension per world, where sorting would need a buffer, and n
// is at most a few hundred actors.
func WeightedMedian(xs, ws []float64) float64 {
	total := 0.0
	for _, w := range ws {
		total += w
	}
	if !(total > 0) {
		return math.NaN()
	}
	// Exactly half (common with round weights) must not be lost to the
	// order of the sums: within rounding counts as reached.
	enough := total * (1 - tieMargin)
	best := math.NaN()
	for i, x := range xs {
		if ws[i] == 0 || x >= best {
			continue // zero weight cannot tip the balance; keep the smallest
		}
		below := 0.0
		for j, y := range xs {
			if y <= x {
				below += ws[j]
			}
		}
		if 2*below >= enough {
			best = x
		}
	}
	return best
}

// WeightedMean returns Σ w·x / Σ w, NaN when the weights sum to zero or
// less.
func WeightedMean(xs, ws []float64) float64 {
	sum, total := 0.0, 0.0
	for i, x := range xs {
		sum += ws[i] * x
		total += ws[i]
	}
	if !(total > 0) {
		return math.NaN()
	}
	return sum / total
}

// A Forecaster computes the forecast of positions on one dimension with
// capability×salience weights, reusing its buffers: the zero value is
// ready, and it allocates only when it meets more actors than before.
type Forecaster struct {
	xs, ws []float64
}

// Forecast returns the capability×salience-weighted median and mean of
// the positions on dimension d, where positions[a] are actor a's
// positions (the actors' own, or one round of a Trajectory). Every method
// reports these two numbers; NaN when nobody has weight.
func (f *Forecaster) Forecast(actors []Actor, positions [][]float64, d int) (median, mean float64) {
	n := len(actors)
	if cap(f.xs) < n {
		f.xs, f.ws = make([]float64, n), make([]float64, n)
	}
	xs, ws := f.xs[:n], f.ws[:n]
	for a, act := range actors {
		xs[a] = positions[a][d]
		ws[a] = act.Capability * act.Salience[d]
	}
	return WeightedMedian(xs, ws), WeightedMean(xs, ws)
}

// Forecast returns the capability×salience-weighted median and mean of
// the actors' own positions on dimension d: the forecast before any model
// moves them.
func Forecast(actors []Actor, d int) (median, mean float64) {
	xs, ws := make([]float64, len(actors)), make([]float64, len(actors))
	for a, act := range actors {
		xs[a] = act.Position[d]
		ws[a] = act.Capability * act.Salience[d]
	}
	return WeightedMedian(xs, ws), WeightedMean(xs, ws)
}

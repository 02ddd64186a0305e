package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/parley-dev/parley/sim/stats"
)

// GapBins is how many bins of equal size (by rank) the gap measure cuts
// a parameter into: deciles, fine enough to see a bump a fifth of the
// range wide, coarse enough that each bin of a default run (10,000 worlds)
// holds a thousand worlds.
const GapBins = 10

// Bin is the worlds whose parameter value falls in one of its deciles.
type Bin struct {
	From, To      float64 // the smallest and largest value of the parameter in the bin
	N             int64   // worlds in the bin
	P             float64 // P(outcome) in the bin
	CILow, CIHigh float64 // its Wilson 95% interval
}

// Gap measures an effect whether or not it is monotone: the largest
// difference in P(outcome) between any two deciles of the parameter. The
// swing (top minus bottom quintile) and Spearman's correlation see only
// effects that go one way; a parameter that makes the outcome likely in
// the middle of its range and unlikely at both ends has swing and
// correlation near 0 but a large gap. With finite worlds the gap is
// biased up by noise (the largest of 45 differences), by a few times a
// bin's standard error: compare the two bins' intervals.
type Gap struct {
	Gap       float64 // High.P − Low.P, at least 0
	High, Low Bin     // the deciles where the outcome is most and least likely
}

// binGap computes the gap of a parameter with values v (ranks r, 1-based
// and averaged over ties, as stats.Ranks gives) against the outcome's
// indicator ind. Tied values share a rank, so a parameter with few
// distinct values fills fewer bins; empty bins are left out.
func binGap(v, r, ind []float64) Gap {
	n := len(v)
	var bins [GapBins]Bin
	var hits [GapBins]int64
	for i := range bins {
		bins[i].From, bins[i].To = math.Inf(1), math.Inf(-1)
	}
	for i, x := range v {
		k := min(int((r[i]-0.5)/float64(n)*GapBins), GapBins-1)
		b := &bins[k]
		b.N++
		hits[k] += int64(ind[i])
		b.From, b.To = math.Min(b.From, x), math.Max(b.To, x)
	}
	return gapOf(&bins, &hits)
}

// gapOf finishes the gap from the deciles' worlds and outcome counts
// (From, To and N of each bin set): empty bins are left out.
func gapOf(bins *[GapBins]Bin, hits *[GapBins]int64) Gap {
	var g Gap
	first := true
	for k := range bins {
		b := &bins[k]
		if b.N == 0 {
			continue
		}
		b.P = stats.Ratio(hits[k], b.N)
		b.CILow, b.CIHigh = stats.Wilson(hits[k], b.N)
		if first || b.P > g.High.P {
			g.High = *b
		}
		if first || b.P < g.Low.P {
			g.Low = *b
		}
		first = false
	}
	g.Gap = g.High.P - g.Low.P
	return g
}

// The measures that may rank a sensitivity table.
const (
	RankBySwing    = "swing"    // |top quintile − bottom quintile|, the default
	RankByGap      = "gap"      // the largest gap between deciles
	RankBySpearman = "spearman" // |Spearman's rank correlation|
)

// RankMeasures lists the measures Rank accepts.
var RankMeasures = []string{RankBySwing, RankByGap, RankBySpearman}

// Rank sorts the parameters by a measure, largest magnitude first (ties
// keep the file's order), and records it in RankedBy.
func (r *SensitivityResult) Rank(by string) error {
	var key func(ParamSensitivity) float64
	switch by {
	case RankBySwing:
		key = func(p ParamSensitivity) float64 { return math.Abs(p.Swing) }
	case RankByGap:
		key = func(p ParamSensitivity) float64 { return p.Gap.Gap }
	case RankBySpearman:
		key = func(p ParamSensitivity) float64 { return math.Abs(p.Rho) }
	default:
		return fmt.Errorf("unknown measure %q to rank by (have swing, gap, spearman)", by)
	}
	slices.SortStableFunc(r.Params, func(a, b ParamSensitivity) int {
		return cmp.Compare(nanLow(key(b)), nanLow(key(a)))
	})
	r.RankedBy = by
	return nil
}

// nanLow puts a measure that could not be computed last.
func nanLow(x float64) float64 {
	if math.IsNaN(x) {
		return math.Inf(-1)
	}
	return x
}

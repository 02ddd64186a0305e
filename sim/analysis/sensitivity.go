package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/stats"
	"github.com/parley-dev/parley/sim/suggest"
)

// SensitivityResult says which uncertain inputs drive an outcome.
type SensitivityResult struct {
	Stamp
	Outcome string
	P       float64            // P(outcome) over all worlds
	Params  []ParamSensitivity // sorted by the measure RankedBy, largest first
	Parties []string           // order of PayoffRho
	// RankedBy names the measure that sorts Params (RankBySwing unless
	// Rank sorted them again).
	RankedBy string
}

// ParamSensitivity is one uncertain parameter's influence.
type ParamSensitivity struct {
	Param string
	// Rho is Spearman's rank correlation of the parameter with the
	// outcome's indicator; PayoffRho with each party's payoff.
	Rho       float64
	PayoffRho []float64
	// Low and High are P(outcome) in the worlds where the parameter is in
	// its bottom and top quintile (by its place in its distribution, or
	// with SensitivityExact its rank among the worlds), with Wilson 95%
	// intervals; Swing is
	// High − Low (the bar of a tornado chart).
	Low, LowCILow, LowCIHigh    float64
	High, HighCILow, HighCIHigh float64
	Swing                       float64
	// Gap is the largest difference in P(outcome) between two deciles
	// of the parameter, which also catches effects that rise then fall.
	Gap Gap
	// Tipping lists the values at which the most likely outcome of the
	// median world changes as this parameter alone moves across its range.
	Tipping []Tipping
}

// Tipping is a value where the median world's most likely outcome flips.
type Tipping struct {
	Value    float64
	From, To string // the most likely outcome below and above Value
}

// MaxSensitivityIterations is the most worlds Sensitivity takes: its
// per-bucket sums of 32-bit ranks stay within 64 bits below it.
const MaxSensitivityIterations = 1<<32 - 1

// Sensitivity runs the scenario and measures each uncertain parameter's
// influence on the outcome: rank correlations, outcome probability in the
// parameter's bottom and top quintiles and deciles, and tipping values in
// the median world. It keeps no world: a parameter's rank in a world is
// where its value lies in the parameter's distribution (the uniform draw
// it came from, or its mid-distribution value for a discrete family),
// recomputed from the random stream, so the correlations and bins are
// running sums; a payoff's rank is the midrank of its bucket (0.8% of
// its distance from a typical payoff wide) among all the worlds' counts.
// Memory depends on the parameters, parties and occupied buckets,
// not on the iterations. SensitivityExact ranks the kept worlds instead.
func Sensitivity(ctx context.Context, s *sim.Scenario, outcome string, opt sim.Options) (*SensitivityResult, error) {
	ko, err := sensitivityOutcome(s, outcome, opt)
	if err != nil {
		return nil, err
	}
	n0 := opt.Worlds()
	if n0 > MaxSensitivityIterations {
		return nil, fmt.Errorf("sensitivity takes at most %d iterations, found %d", int64(MaxSensitivityIterations), n0)
	}
	acc := newSensAcc(ctx, s, ko, opt)
	opt.Samples = acc
	res, err := sim.Run(ctx, s, opt)
	if res == nil {
		return nil, err
	}
	out := newSensitivityResult(s, outcome, ko, opt.Seed, res)
	if acc.n == 0 {
		return out, err
	}
	median := s.MedianWorld()
	for t, ps := range acc.finish() {
		tip, terr := tipping(s, median, acc.params[t].j)
		if terr != nil {
			return nil, terr
		}
		ps.Tipping = tip
		out.Params = append(out.Params, ps)
	}
	_ = out.Rank(RankBySwing) // a known measure: cannot fail
	return out, err
}

// sensitivityOutcome finds the outcome's index and refuses options
// sensitivity cannot honour.
func sensitivityOutcome(s *sim.Scenario, outcome string, opt sim.Options) (int, error) {
	ko := slices.IndexFunc(s.Outcomes, func(o sim.Outcome) bool { return o.ID == outcome })
	if ko < 0 {
		var ids []string
		for _, o := range s.Outcomes {
			ids = append(ids, o.ID)
		}
		return 0, fmt.Errorf("unknown outcome %q%s (have %s)", outcome, suggest.DidYouMean(outcome, ids), strings.Join(ids, ", "))
	}
	if opt.Shard.Count > 0 || opt.Samples != nil {
		return 0, errors.New("sensitivity takes neither shards nor samples")
	}
	return ko, nil
}

// newSensitivityResult is the result's header, before the parameters.
func newSensitivityResult(s *sim.Scenario, outcome string, ko int, seed uint64, res *sim.Result) *SensitivityResult {
	out := &SensitivityResult{Stamp: stampOf(s, seed, res), Outcome: outcome, P: res.Outcomes[ko].Probability}
	for _, p := range s.Parties {
		out.Parties = append(out.Parties, p.ID)
	}
	return out
}

// quintiles fills the bottom and top quintiles and the swing from the
// deciles' counts: the bottom quintile is deciles 1–2, the top 9–10.
func (ps *ParamSensitivity) quintiles(n, hits *[GapBins]int64) {
	ps.setQuintiles(hits[0]+hits[1], n[0]+n[1], hits[GapBins-2]+hits[GapBins-1], n[GapBins-2]+n[GapBins-1])
}

// setQuintiles sets Low and High, their intervals and Swing from the hits
// and worlds of the bottom and top quintiles.
func (ps *ParamSensitivity) setQuintiles(kl, nl, kh, nh int64) {
	ps.Low, ps.High = stats.Ratio(kl, nl), stats.Ratio(kh, nh)
	ps.LowCILow, ps.LowCIHigh = stats.Wilson(kl, nl)
	ps.HighCILow, ps.HighCIHigh = stats.Wilson(kh, nh)
	ps.Swing = ps.High - ps.Low
	if math.IsNaN(ps.Swing) {
		ps.Swing = 0
	}
}

// tipGrid is how finely a parameter's range is scanned for tipping values
// (in quantiles) before bisection pins each one down.
const tipGrid = 200

// tipping scans parameter j across its quantiles 0.5%..99.5% in the median
// world and bisects every change of the most likely outcome.
func tipping(s *sim.Scenario, median []float64, j int) ([]Tipping, error) {
	ev := s.NewEvaluator()
	x := slices.Clone(median)
	p := s.Params[j]
	modal := func(u float64) (int, error) {
		x[j] = p.Quantile(u)
		dist, err := ev.OutcomeDist(x)
		if err != nil {
			return 0, fmt.Errorf("tipping value of %s at %v: %w", p.Name, x[j], err)
		}
		best := 0
		for k, q := range dist {
			if q > dist[best]+1e-12 {
				best = k
			}
		}
		return best, nil
	}
	var out []Tipping
	lo := 0.005
	mlo, err := modal(lo)
	if err != nil {
		return nil, err
	}
	for g := 1; g <= tipGrid; g++ {
		hi := 0.005 + 0.99*float64(g)/tipGrid
		mhi, err := modal(hi)
		if err != nil {
			return nil, err
		}
		if mhi != mlo {
			a, b := lo, hi
			for range 40 {
				mid := (a + b) / 2
				m, err := modal(mid)
				if err != nil {
					return nil, err
				}
				if m == mlo {
					a = mid
				} else {
					b = mid
				}
			}
			v := (p.Quantile(a) + p.Quantile(b)) / 2
			out = append(out, Tipping{Value: v, From: s.Outcomes[mlo].ID, To: s.Outcomes[mhi].ID})
		}
		lo, mlo = hi, mhi
	}
	return out, nil
}

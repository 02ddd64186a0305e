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
	// its bottom and top quintile, with Wilson 95% intervals; Swing is
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

// sampleCollector keeps every world of a run in memory, for analyses
// that need ranks.
type sampleCollector struct {
	slots, parties int
	x              []float64
	outcome        []int
	payoff         []float64
}

func (c *sampleCollector) WriteSamples(b *sim.SampleBatch) error {
	c.slots, c.parties = b.Slots, b.Parties
	c.x = append(c.x, b.X[:b.N*b.Slots]...)
	c.outcome = append(c.outcome, b.Outcome[:b.N]...)
	c.payoff = append(c.payoff, b.Payoff[:b.N*b.Parties]...)
	return nil
}

// Sensitivity runs the scenario, keeping every world (memory grows with
// the iterations), and measures each uncertain parameter's influence on
// the outcome: rank correlations, outcome probability in the parameter's
// bottom and top quintiles, and tipping values in the median world.
func Sensitivity(ctx context.Context, s *sim.Scenario, outcome string, opt sim.Options) (*SensitivityResult, error) {
	ko := slices.IndexFunc(s.Outcomes, func(o sim.Outcome) bool { return o.ID == outcome })
	if ko < 0 {
		var ids []string
		for _, o := range s.Outcomes {
			ids = append(ids, o.ID)
		}
		return nil, fmt.Errorf("unknown outcome %q%s (have %s)", outcome, suggest.DidYouMean(outcome, ids), strings.Join(ids, ", "))
	}
	if opt.Shard.Count > 0 || opt.Samples != nil {
		return nil, errors.New("sensitivity takes neither shards nor samples")
	}
	n0 := opt.Iterations
	if n0 == 0 {
		n0 = sim.DefaultIterations
	}
	if err := sim.CheckKept("sensitivity", n0, len(s.Params)+len(s.Derived)+len(s.Parties)+len(s.Metrics())+1); err != nil {
		return nil, err
	}
	col := &sampleCollector{}
	opt.Samples = col
	res, err := sim.Run(ctx, s, opt)
	if res == nil {
		return nil, err
	}
	n := len(col.outcome)
	out := &SensitivityResult{Stamp: stampOf(s, opt.Seed, res), Outcome: outcome, P: res.Outcomes[ko].Probability}
	for _, p := range s.Parties {
		out.Parties = append(out.Parties, p.ID)
	}
	if n == 0 {
		return out, err
	}
	ind := make([]float64, n)
	for i, o := range col.outcome {
		if o == ko {
			ind[i] = 1
		}
	}
	indRanks := stats.Ranks(ind)
	payRanks := make([][]float64, len(s.Parties))
	for p := range payRanks {
		v := make([]float64, n)
		for i := range v {
			v[i] = col.payoff[i*col.parties+p]
		}
		payRanks[p] = stats.Ranks(v)
	}
	median := s.MedianWorld()
	for j, prm := range s.Params {
		if !prm.Uncertain() {
			continue
		}
		v := make([]float64, n)
		for i := range v {
			v[i] = col.x[i*col.slots+j]
		}
		r := stats.Ranks(v)
		ps := ParamSensitivity{Param: prm.Name, Rho: stats.Pearson(r, indRanks)}
		for p := range payRanks {
			ps.PayoffRho = append(ps.PayoffRho, stats.Pearson(r, payRanks[p]))
		}
		// Quintiles by rank; tied values share a rank, so a parameter
		// with few distinct values may leave a quintile short or empty.
		var kl, nl, kh, nh int64
		for i := range v {
			switch q := (r[i] - 0.5) / float64(n); {
			case q < 0.2:
				nl++
				kl += int64(ind[i])
			case q >= 0.8:
				nh++
				kh += int64(ind[i])
			}
		}
		ps.Low, ps.High = stats.Ratio(kl, nl), stats.Ratio(kh, nh)
		ps.LowCILow, ps.LowCIHigh = stats.Wilson(kl, nl)
		ps.HighCILow, ps.HighCIHigh = stats.Wilson(kh, nh)
		ps.Swing = ps.High - ps.Low
		if math.IsNaN(ps.Swing) {
			ps.Swing = 0
		}
		ps.Gap = binGap(v, r, ind)
		tip, terr := tipping(s, median, j)
		if terr != nil {
			return nil, terr
		}
		ps.Tipping = tip
		out.Params = append(out.Params, ps)
	}
	_ = out.Rank(RankBySwing) // a known measure: cannot fail
	return out, err
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

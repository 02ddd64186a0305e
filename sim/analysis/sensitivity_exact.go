package analysis

import (
	"context"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/stats"
)

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

// SensitivityExact is Sensitivity from the ranks of every world's values
// among all the worlds sampled (Spearman's ρ as defined on the sample,
// quintiles and deciles by sample rank). It keeps every world, so memory
// grows with the iterations (about 1.3 kB per world on the flagship), and
// sorts every column; Sensitivity gives the same measures to within
// their sampling error in constant memory.
func SensitivityExact(ctx context.Context, s *sim.Scenario, outcome string, opt sim.Options) (*SensitivityResult, error) {
	ko, err := sensitivityOutcome(s, outcome, opt)
	if err != nil {
		return nil, err
	}
	n0 := opt.Worlds()
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
	out := newSensitivityResult(s, outcome, ko, opt.Seed, res)
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
		ps.setQuintiles(kl, nl, kh, nh)
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

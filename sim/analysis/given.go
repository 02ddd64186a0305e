package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/stats"
)

// GivenLevels are the quantiles a posterior reports.
var GivenLevels = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// MinKept is the fewest matching worlds a posterior is reported as
// usable from: below it the report says that too few worlds match (the
// quantiles' intervals then span most of the prior).
const MinKept = 100

// priorGrid is how many quantiles of each prior are tabulated to place a
// value in its prior (its percentile), to within 1/priorGrid.
const priorGrid = 4096

// Posterior is what an observation tells about the uncertain
// parameters: each one's distribution before it (the prior) and in the
// worlds consistent with it (the posterior), from one run.
type Posterior struct {
	Stamp
	Observation Observation
	Column      string // "outcome", or the first tally's column ("path", "package")
	Label       string // the outcome's label

	// Kept of the Iterations worlds match the observation; P is their
	// share with its Wilson 95% interval.
	Kept         int64
	P, Low, High float64
	// Need is how many matching worlds the posterior wants: MinKept, or
	// more under Precision (so that every posterior probability is known
	// to ±Precision); Enough says whether Kept reached it.
	Need      int64
	Precision float64
	Enough    bool

	Params []ParamPosterior // largest |Shift| first; in file order with no world kept
}

// ParamPosterior is one uncertain parameter before and after the
// observation.
type ParamPosterior struct {
	Param string
	// Prior holds the quantiles at GivenLevels of the parameter's
	// distribution (exact, from the distribution itself); Post those of
	// the matching worlds (lower empirical quantiles), with 95%
	// distribution-free intervals from order statistics. An interval
	// that reaches past the matching worlds ends at the prior's bound.
	// A discrete parameter's are exact; a continuous one's are read
	// from a histogram of its draws (see uniformBins), within 2^-16 of
	// the prior's probability of the exact ones.
	Prior, Post, PostLow, PostHigh []float64
	PriorMean, PostMean            float64 // over all the worlds sampled, and over the matching ones
	// Shift is the average percentile, in the prior, of the parameter's
	// values in the matching worlds, minus one half: 0 when the
	// observation says nothing about it, up to ±0.5 when it pins it to
	// an end of its range. Normal 95% interval.
	Shift, ShiftLow, ShiftHigh float64
	// Bound and the shares say which way it moved in words: with Shift ≥
	// 0 the parameter is at least Bound (the posterior's 20th
	// percentile) in KeptShare of the matching worlds and with
	// probability PriorShare before the observation; with Shift < 0, at
	// most Bound (the 80th percentile).
	Bound, KeptShare, PriorShare float64
}

// ObservationOf reads text as an outcome id if the scenario has one of
// that name, and otherwise as a path (or package, or profile) label.
func ObservationOf(s *sim.Scenario, text string) Observation {
	for _, o := range s.Outcomes {
		if o.ID == text {
			return Observation{Outcome: text}
		}
	}
	return Observation{Path: text}
}

// needKept is how many matching worlds make every posterior probability
// known to ±precision (a proportion near one half, the widest, over that
// many worlds), and never fewer than MinKept.
func needKept(precision float64) int64 {
	if precision <= 0 {
		return MinKept
	}
	h := stats.Z95 * 0.5 / precision
	return max(MinKept, int64(math.Ceil(h*h)))
}

// Given runs s, keeping the worlds consistent with the observation, and
// returns the run's result over every world with the posterior of each
// uncertain parameter. With opt.Precision the run goes on until enough
// worlds match as well (see Posterior.Need), up to opt.Iterations. No
// world is kept: each parameter's matching worlds are counted in a
// fixed table (see givenParam), so memory does not grow with the
// worlds. opt.Samples, if set, still receives every world.
func Given(ctx context.Context, s *sim.Scenario, ob Observation, opt sim.Options) (*sim.Result, *Posterior, error) {
	if opt.Shard.Count > 0 {
		return nil, nil, errors.New("--given and shards do not mix: the posterior's counts of the matching worlds' draws are not in a shard's file")
	}
	obs, err := observe(s, ob)
	if err != nil {
		return nil, nil, err
	}
	if n := opt.Iterations; n > MaxGivenWorlds {
		return nil, nil, fmt.Errorf("--given counts at most %d worlds, found %d", int64(MaxGivenWorlds), n)
	}
	g := newGivenFilter(s, obs, opt)
	opt.Samples = g
	if opt.Precision > 0 {
		opt.Enough = g.enough
	}
	res, err := sim.Run(ctx, s, opt)
	if res == nil {
		return nil, nil, err
	}
	if g.err != nil && err == nil {
		return nil, nil, g.err
	}
	post := &Posterior{Stamp: stampOf(s, opt.Seed, res), Observation: ob, Column: obs.column, Need: g.need, Precision: opt.Precision}
	if obs.path {
		post.Observation = Observation{Path: obs.id}
	} else {
		post.Label = obs.label
	}
	post.summarise(s, g)
	return res, post, err
}

// summarise computes the posterior from the filter's counts.
func (p *Posterior) summarise(s *sim.Scenario, g *givenFilter) {
	m := g.m
	p.Iterations = g.n // the worlds the filter saw: all of them, or the whole chunks of a partial run
	p.Kept = m
	p.P = stats.Ratio(m, g.n)
	p.Low, p.High = stats.Wilson(m, g.n)
	p.Enough = m >= p.Need
	for i := range g.params {
		gp := &g.params[i]
		d := s.Params[gp.j] // through its exported Quantile: this file needs nothing private of a distribution
		pp := ParamPosterior{Param: d.Name, PriorMean: gp.sum.Float64() / float64(g.n)}
		lo, hi := d.Quantile(0), d.Quantile(1)
		for _, q := range GivenLevels {
			pp.Prior = append(pp.Prior, d.Quantile(q))
			r, rl, rh := orderRanks(m, q)
			x, l, h := math.NaN(), math.NaN(), math.NaN()
			if m > 0 {
				x, l, h = gp.valueAt(d, r), lo, hi
				if rl >= 1 {
					l = gp.valueAt(d, rl)
				}
				if rh <= m {
					h = gp.valueAt(d, rh)
				}
			}
			pp.Post, pp.PostLow, pp.PostHigh = append(pp.Post, x), append(pp.PostLow, l), append(pp.PostHigh, h)
		}
		pp.PostMean, pp.Shift, pp.ShiftLow, pp.ShiftHigh = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		pp.Bound, pp.KeptShare, pp.PriorShare = math.NaN(), math.NaN(), math.NaN()
		if m > 0 {
			pp.PostMean = gp.kept.Float64() / float64(m)
			// The percentiles are kept as integers in units of half a grid
			// step: their sums are exact in any order.
			unit := float64(2 * priorGrid)
			sq, _ := new(big.Float).SetInt(gp.pctSq.big()).Float64()
			mean, l, h := meanCI(float64(gp.pct)/unit, sq/(unit*unit), m)
			pp.Shift, pp.ShiftLow, pp.ShiftHigh = mean-0.5, l-0.5, h-0.5
			gp.words(&pp, d, m)
		}
		p.Params = append(p.Params, pp)
	}
	if m > 0 {
		slices.SortStableFunc(p.Params, func(a, b ParamPosterior) int {
			switch x, y := math.Abs(a.Shift), math.Abs(b.Shift); {
			case x > y:
				return -1
			case x < y:
				return 1
			}
			return 0
		})
	}
}

// orderRanks returns, for m values, the rank of the lower empirical
// q-quantile, ⌈qm⌉ (at least 1), and the ranks that bound its 95%
// distribution-free interval, qm ∓ z·√(mq(1−q)) rounded outward (the
// normal approximation to the binomial count of values below the
// quantile; Conover, Practical Nonparametric Statistics, 3rd ed., §3.2):
// a rank below 1 or above m means the interval reaches past the values.
func orderRanks(m int64, q float64) (r, low, high int64) {
	mf := float64(m)
	half := stats.Z95 * math.Sqrt(mf*q*(1-q))
	r = min(max(int64(math.Ceil(q*mf)), 1), max(m, 1))
	return r, int64(math.Floor(q*mf - half)), int64(math.Ceil(q*mf + half))
}

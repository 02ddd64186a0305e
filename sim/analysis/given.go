package analysis

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"

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

// givenFilter keeps, world by world in iteration order, the uncertain
// parameters' values in the worlds consistent with an observation. It is
// a sim.SampleWriter, teed in front of any other.
type givenFilter struct {
	ob     observed
	params []int // the uncertain parameters' slots
	n      int64
	sum    []stats.ExactSum // per parameter, over all worlds
	kept   [][]float64      // per parameter, the matching worlds' values
	need   int64
	next   sim.SampleWriter
}

func (g *givenFilter) WriteSamples(b *sim.SampleBatch) error {
	for k := range b.N {
		g.n++
		x := b.X[k*b.Slots : (k+1)*b.Slots]
		hit := g.ob.match(b.Outcome[k], b.Path[k])
		for i, j := range g.params {
			g.sum[i].Add(x[j])
			if hit {
				g.kept[i] = append(g.kept[i], x[j])
			}
		}
	}
	if g.next != nil {
		return g.next.WriteSamples(b)
	}
	return nil
}

func (g *givenFilter) matched() int64 {
	if len(g.kept) == 0 {
		return 0
	}
	return int64(len(g.kept[0]))
}

// enough is the stopping condition under --precision.
func (g *givenFilter) enough() bool { return g.matched() >= g.need }

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
// worlds match as well (see Posterior.Need), up to opt.Iterations. The
// matching worlds' values are held in memory. opt.Samples, if set, still
// receives every world.
func Given(ctx context.Context, s *sim.Scenario, ob Observation, opt sim.Options) (*sim.Result, *Posterior, error) {
	if opt.Shard.Count > 0 {
		return nil, nil, errors.New("--given and shards do not mix: the posterior needs the matching worlds' values, which a shard's counts do not carry")
	}
	obs, err := observe(s, ob)
	if err != nil {
		return nil, nil, err
	}
	g := &givenFilter{ob: obs, need: needKept(opt.Precision), next: opt.Samples}
	for j, p := range s.Params {
		if p.Uncertain() {
			g.params = append(g.params, j)
		}
	}
	n := opt.Iterations
	if n == 0 {
		n = sim.DefaultIterations
	}
	if err := sim.CheckKept("--given", n, len(g.params)); err != nil {
		return nil, nil, err
	}
	g.sum = make([]stats.ExactSum, len(g.params))
	g.kept = make([][]float64, len(g.params))
	opt.Samples = g
	if opt.Precision > 0 {
		opt.Enough = g.enough
	}
	res, err := sim.Run(ctx, s, opt)
	if res == nil {
		return nil, nil, err
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

// summarise computes the posterior from the filter's worlds.
func (p *Posterior) summarise(s *sim.Scenario, g *givenFilter) {
	m := g.matched()
	p.Iterations = g.n // the worlds the filter saw: all of them, or the whole chunks of a partial run
	p.Kept = m
	p.P = stats.Ratio(m, g.n)
	p.Low, p.High = stats.Wilson(m, g.n)
	p.Enough = m >= p.Need
	for i, j := range g.params {
		d := s.Params[j] // through its exported Quantile: this file needs nothing private of a distribution
		pp := ParamPosterior{Param: s.Params[j].Name, PriorMean: g.sum[i].Float64() / float64(g.n)}
		grid := make([]float64, priorGrid)
		for k := range grid {
			grid[k] = d.Quantile((float64(k) + 0.5) / priorGrid)
		}
		lo, hi := d.Quantile(0), d.Quantile(1)
		v := slices.Clone(g.kept[i])
		slices.Sort(v)
		for _, q := range GivenLevels {
			pp.Prior = append(pp.Prior, d.Quantile(q))
			x, l, h := orderQuantile(v, q, lo, hi)
			pp.Post, pp.PostLow, pp.PostHigh = append(pp.Post, x), append(pp.PostLow, l), append(pp.PostHigh, h)
		}
		pp.PostMean, pp.Shift, pp.ShiftLow, pp.ShiftHigh = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		pp.Bound, pp.KeptShare, pp.PriorShare = math.NaN(), math.NaN(), math.NaN()
		if m > 0 {
			var sum, sumPct, sumsqPct float64
			for _, x := range g.kept[i] { // iteration order: the float sums do not depend on the workers
				sum += x
				pct := midPercentile(grid, x)
				sumPct += pct
				sumsqPct += pct * pct
			}
			pp.PostMean = sum / float64(m)
			mean, l, h := meanCI(sumPct, sumsqPct, m)
			pp.Shift, pp.ShiftLow, pp.ShiftHigh = mean-0.5, l-0.5, h-0.5
			pp.words(v, grid)
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

// words fills the bound and the shares that say which way the
// parameter moved: v holds the matching worlds' values, sorted.
func (pp *ParamPosterior) words(v, grid []float64) {
	m := len(v)
	if pp.Shift >= 0 {
		pp.Bound, _, _ = orderQuantile(v, 0.2, 0, 0)
		pp.KeptShare = float64(m-sort.SearchFloat64s(v, pp.Bound)) / float64(m)             // values ≥ Bound
		pp.PriorShare = 1 - float64(sort.SearchFloat64s(grid, pp.Bound))/float64(len(grid)) // P(X ≥ Bound)
		return
	}
	pp.Bound, _, _ = orderQuantile(v, 0.8, 0, 0)
	above := func(s []float64) int { return sort.Search(len(s), func(i int) bool { return s[i] > pp.Bound }) }
	pp.KeptShare = float64(above(v)) / float64(m)             // values ≤ Bound
	pp.PriorShare = float64(above(grid)) / float64(len(grid)) // P(X ≤ Bound)
}

// orderQuantile returns the lower empirical q-quantile of sorted values
// (the value at rank ⌈qm⌉) and its 95% distribution-free interval,
// [x(r), x(s)] with r, s = qm ∓ z·√(mq(1−q)) rounded outward (the
// normal approximation to the binomial count of values below the
// quantile; Conover, Practical Nonparametric Statistics, 3rd ed., §3.2); an end
// beyond the values is lo or hi. With no values all three are NaN.
func orderQuantile(v []float64, q, lo, hi float64) (x, low, high float64) {
	m := len(v)
	if m == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	at := func(rank int) float64 { return v[min(max(rank, 1), m)-1] }
	mf := float64(m)
	x = at(int(math.Ceil(q * mf)))
	half := stats.Z95 * math.Sqrt(mf*q*(1-q))
	low, high = lo, hi
	if r := int(math.Floor(q*mf - half)); r >= 1 {
		low = at(r)
	}
	if s := int(math.Ceil(q*mf + half)); s <= m {
		high = at(s)
	}
	return x, low, high
}

// midPercentile places x in a prior tabulated at its quantiles (grid,
// sorted): the share of the prior below x plus half the share at x, so
// that a value's percentile averages to one half over the prior for any
// distribution, continuous or not.
func midPercentile(grid []float64, x float64) float64 {
	below := sort.SearchFloat64s(grid, x)
	upTo := sort.Search(len(grid), func(i int) bool { return grid[i] > x })
	return (float64(below) + float64(upTo)) / (2 * float64(len(grid)))
}

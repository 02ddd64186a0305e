package analysis

import (
	"context"
	"math"
	"slices"
	"sort"
	"testing"

	"pgregory.net/rapid"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/stats"
)

// givenExact is Given keeping every matching world's values (8 bytes per
// uncertain parameter per matching world), with exact empirical
// quantiles: the reference for Given.
func givenExact(ctx context.Context, s *sim.Scenario, ob Observation, opt sim.Options) (*sim.Result, *Posterior, error) {
	obs, err := observe(s, ob)
	if err != nil {
		return nil, nil, err
	}
	g := &exactFilter{ob: obs, need: needKept(opt.Precision), next: opt.Samples}
	for j, p := range s.Params {
		if p.Uncertain() {
			g.params = append(g.params, j)
		}
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
	post.summariseExact(s, g)
	return res, post, err
}

// exactFilter is the posterior as Given computed it before it kept no
// world, the reference its tests compare with: it keeps, world by world in iteration order, the uncertain
// parameters' values in the worlds consistent with an observation. It is
// a sim.SampleWriter, teed in front of any other.
type exactFilter struct {
	ob     observed
	params []int // the uncertain parameters' slots
	n      int64
	sum    []stats.ExactSum // per parameter, over all worlds
	kept   [][]float64      // per parameter, the matching worlds' values
	need   int64
	next   sim.SampleWriter
}

func (g *exactFilter) WriteSamples(b *sim.SampleBatch) error {
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

func (g *exactFilter) matched() int64 {
	if len(g.kept) == 0 {
		return 0
	}
	return int64(len(g.kept[0]))
}

// enough is the stopping condition under --precision.
func (g *exactFilter) enough() bool { return g.matched() >= g.need }

// summariseExact computes the posterior from the filter's worlds.
func (p *Posterior) summariseExact(s *sim.Scenario, g *exactFilter) {
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
			pp.wordsExact(v, grid)
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

// wordsExact fills the bound and the shares that say which way the
// parameter moved: v holds the matching worlds' values, sorted.
func (pp *ParamPosterior) wordsExact(v, grid []float64) {
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

// GivenExact is the reference posterior, for the package's external
// tests.
var GivenExact = givenExact

// TestMidRankNear: stepping from where the draw puts a value gives the
// binary searches' answer, on grids with flat stretches and for draws
// that do not match the value (as when the quantile rounds).
func TestMidRankNear(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 64).Draw(t, "n")
		grid := make([]float64, n)
		x := 0.0
		for k := range grid {
			x += float64(rapid.IntRange(0, 2).Draw(t, "step"))
			grid[k] = x
		}
		v := float64(rapid.IntRange(-1, int(x)+1).Draw(t, "v"))
		u := rapid.Float64Range(0, 1).Draw(t, "u")
		if got, want := midRankNear(grid, v, u), midRank(grid, v); got != want {
			t.Fatalf("midRankNear(%v, %v, %v) = %d, want %d", grid, v, u, got, want)
		}
	})
}

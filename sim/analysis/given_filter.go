package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/stats"
)

// uniformBins is how many equal bins of its draw u a continuous
// parameter's matching worlds are counted in. Every parameter is drawn by
// inverse transform, x = Quantile(u), so the matching worlds' values
// rank as their draws do: the value at rank r is Quantile of the r-th
// smallest draw, which lies in the bin where the counts reach r. Inside
// the bin the draws are taken as evenly spread, so the draw read is
// within 1/uniformBins of the exact one, and the value within the
// prior's spread over that bin, Quantile((i+1)/uniformBins) −
// Quantile(i/uniformBins). 2^16 bins of 4-byte counts are 256 kB per
// parameter.
const uniformBins = 1 << 16

// maxDiscreteValues is the most distinct values a discrete parameter's
// matching worlds are counted by value (exactly); one with more, a wide
// discrete_uniform, is counted in bins of its draw like a continuous one.
const maxDiscreteValues = uniformBins

// MaxGivenWorlds bounds a --given run: a bin's count is 32 bits, and a
// bin holds about n/uniformBins worlds, so 2^44 worlds leave a margin of
// 2^12 (2^44 worlds would take months).
const MaxGivenWorlds = 1 << 44

// givenFilter counts, world by world, the uncertain parameters' values
// in the worlds consistent with an observation, keeping none of them. It
// is a sim.SampleWriter, teed in front of any other. Every count and sum
// is an integer or exact, so the posterior cannot depend on how the
// worlds were split among workers.
type givenFilter struct {
	s      *sim.Scenario
	ob     observed
	params []givenParam
	n, m   int64 // worlds, and matching worlds
	need   int64
	err    error // the check of the first worlds failed
	next   sim.SampleWriter
}

// givenParam is one uncertain parameter's counts.
type givenParam struct {
	j         int    // its slot
	ss        uint64 // its stream's seed
	sum, kept stats.ExactSum
	grid      []float64 // the prior's quantiles at (k+½)/priorGrid
	// pct is the sum over the matching worlds of 2·priorGrid times each
	// value's mid-percentile in grid (an integer up to 2·priorGrid),
	// pctSq that of its square.
	pct   uint64
	pctSq u128
	// A discrete parameter: its sorted distinct values, each one's
	// mid-percentile (as in pct) and its matching worlds.
	vals   []float64
	valPct []uint64
	byVal  []int64
	// Otherwise: the matching worlds per bin of u.
	bins []uint32
}

func newGivenFilter(s *sim.Scenario, ob observed, opt sim.Options) *givenFilter {
	g := &givenFilter{s: s, ob: ob, need: needKept(opt.Precision), next: opt.Samples}
	for j, p := range s.Params {
		if !p.Uncertain() {
			continue
		}
		gp := givenParam{j: j, ss: p.StreamSeed(opt.Seed), grid: make([]float64, priorGrid)}
		for k := range gp.grid {
			gp.grid[k] = p.Quantile((float64(k) + 0.5) / priorGrid)
		}
		if vals := discreteValues(p.Spec); vals != nil {
			gp.vals, gp.byVal = vals, make([]int64, len(vals))
			for _, v := range vals {
				gp.valPct = append(gp.valPct, midRank(gp.grid, v))
			}
		} else {
			gp.bins = make([]uint32, uniformBins)
		}
		g.params = append(g.params, gp)
	}
	return g
}

// discreteValues lists a discrete family's values in order, or nil for a
// continuous one or one with more than maxDiscreteValues values.
func discreteValues(spec sim.DistSpec) []float64 {
	if spec.Kind == "discrete_uniform" {
		lo, hi := spec.Args[0], spec.Args[1]
		if hi-lo+1 > maxDiscreteValues {
			return nil
		}
		var v []float64
		for x := lo; x <= hi; x++ {
			v = append(v, x)
		}
		return v
	}
	if d := newDiscreteRanks(spec); d != nil {
		return d.vals
	}
	return nil
}

// midRank is 2·len(grid) times x's mid-percentile in a prior tabulated
// at its quantiles (grid, sorted): the grid points below x plus those
// up to x, so that a value's percentile averages to one half over the
// prior for any distribution, continuous or not.
func midRank(grid []float64, x float64) uint64 {
	below := sort.SearchFloat64s(grid, x)
	upTo := sort.Search(len(grid), func(i int) bool { return grid[i] > x })
	return uint64(below + upTo)
}

// midRankNear is midRank(grid, x) for x = Quantile(u): it starts where
// u puts x among the grid's points, (k+½)/len(grid), and steps from there,
// so it costs a step or two instead of two binary searches, and gives
// the same answer wherever the quantile is flat or rounds.
func midRankNear(grid []float64, x, u float64) uint64 {
	n := len(grid)
	below := min(max(int(math.Ceil(u*float64(n)-0.5)), 0), n)
	for below > 0 && grid[below-1] >= x {
		below--
	}
	for below < n && grid[below] < x {
		below++
	}
	upTo := below
	for upTo < n && grid[upTo] <= x {
		upTo++
	}
	return uint64(below + upTo)
}

func (g *givenFilter) WriteSamples(b *sim.SampleBatch) error {
	if g.n == 0 {
		if err := g.check(b); err != nil {
			g.err = err
			return err
		}
	}
	for w := range b.N {
		g.n++
		x := b.X[w*b.Slots : (w+1)*b.Slots]
		hit := g.ob.match(b.Outcome[w], b.Path[w])
		if hit {
			g.m++
		}
		for i := range g.params {
			gp := &g.params[i]
			v := x[gp.j]
			gp.sum.Add(v)
			if !hit {
				continue
			}
			gp.kept.Add(v)
			var r uint64
			if gp.vals != nil {
				k := sort.SearchFloat64s(gp.vals, v) // check made sure it is there
				gp.byVal[k]++
				r = gp.valPct[k]
			} else {
				u := model.UniformAt(gp.ss, b.Start+int64(w))
				gp.bins[min(int(u*uniformBins), uniformBins-1)]++
				r = midRankNear(gp.grid, v, u)
			}
			gp.pct += r
			gp.pctSq.add(r * r)
		}
	}
	if g.next != nil {
		return g.next.WriteSamples(b)
	}
	return nil
}

// check verifies on the first worlds that every continuous parameter's
// value is the quantile of the draw the filter recomputes for it, and
// every discrete one's one of its values: otherwise the counts would be
// wrong, so this fails loudly instead.
func (g *givenFilter) check(b *sim.SampleBatch) error {
	for w := range min(b.N, checkWorlds) {
		it := b.Start + int64(w)
		for _, gp := range g.params {
			p := g.s.Params[gp.j]
			x := b.X[w*b.Slots+gp.j]
			if gp.vals != nil {
				if k := sort.SearchFloat64s(gp.vals, x); k == len(gp.vals) || gp.vals[k] != x {
					return fmt.Errorf("--given: %s is %v in world %d, not one of its values", p.Name, x, it)
				}
				continue
			}
			if err := checkDraw("--given", p, gp.ss, it, x); err != nil {
				return err
			}
		}
	}
	return nil
}

// enough is the stopping condition under --precision.
func (g *givenFilter) enough() bool { return g.m >= g.need }

// valueAt is the value at rank r (1 ≤ r ≤ the matching worlds) among
// the matching worlds: exact for a discrete parameter, and Quantile of
// the draw interpolated in its bin for a continuous one.
func (gp *givenParam) valueAt(d sim.Param, r int64) float64 {
	var below int64
	if gp.vals != nil {
		for k, c := range gp.byVal {
			if below+c >= r {
				return gp.vals[k]
			}
			below += c
		}
		return gp.vals[len(gp.vals)-1]
	}
	for i, c := range gp.bins {
		if c := int64(c); below+c >= r {
			u := (float64(i) + (float64(r-below)-0.5)/float64(c)) / uniformBins
			return d.Quantile(u)
		}
		below += int64(c)
	}
	return d.Quantile(1)
}

// words fills the bound and the shares that say which way the parameter
// moved, over m matching worlds: with Shift ≥ 0 the bound is the 20th
// percentile and the shares count values at least it, otherwise the
// 80th and values at most it. A continuous parameter's values are
// distinct (ties have probability zero), so its share is the bound's
// rank; a discrete one's counts its ties.
func (gp *givenParam) words(pp *ParamPosterior, d sim.Param, m int64) {
	up := pp.Shift >= 0
	q := 0.8
	if up {
		q = 0.2
	}
	r, _, _ := orderRanks(m, q)
	pp.Bound = gp.valueAt(d, r)
	var count int64 // matching values ≥ Bound (up) or ≤ Bound
	switch {
	case gp.vals != nil:
		for k, v := range gp.vals {
			if (up && v >= pp.Bound) || (!up && v <= pp.Bound) {
				count += gp.byVal[k]
			}
		}
	case up:
		count = m - r + 1
	default:
		count = r
	}
	pp.KeptShare = float64(count) / float64(m)
	grid := gp.grid
	if up {
		pp.PriorShare = 1 - float64(sort.SearchFloat64s(grid, pp.Bound))/float64(len(grid)) // P(X ≥ Bound)
		return
	}
	above := sort.Search(len(grid), func(i int) bool { return grid[i] > pp.Bound })
	pp.PriorShare = float64(above) / float64(len(grid)) // P(X ≤ Bound)
}

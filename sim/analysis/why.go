package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/stats"
)

// WhyResult says, for an outcome (or path) that happened, whether each
// factor was a cause of it: Pearl's probabilities of necessity (PN),
// sufficiency (PS) and both (PNS), estimated on the same worlds under
// every combination of the factors removed. A factor is named by the
// variant that removes it (no_drone_deal), so the baseline is the world
// as it was and each variant a counterfactual.
type WhyResult struct {
	Stamp
	Observation Observation
	Column      string // "outcome", or the first tally's column ("path", "package")
	Label       string // the outcome's label ("" for a path)

	// Count worlds out of Iterations saw the observation (the baseline);
	// P is their share with its Wilson 95% interval.
	Count        int64
	P, Low, High float64

	Factors      []Cause // one per factor, in the order given
	Combinations []Cause // every set of two or more factors, smallest first

	// Prevented is PN of every factor removed together: the share of the
	// observed worlds in which removing them all prevents the
	// observation. The factors' Shapley values split it.
	Prevented Cause

	Counts WhyCounts // the raw counts, which merge exactly across shards
}

// Cause is what removing a set of factors together does to the
// observation. All three probabilities share one numerator, Flipped: the
// worlds where the observation happened and would not have without the
// factors.
type Cause struct {
	Factors []string // the variants applied together
	// PN = Flipped / Observed: among the worlds where it happened, the
	// share where removing the factors prevents it (Wilson interval on
	// the Observed worlds).
	PN, PNLow, PNHigh float64
	// PS = Flipped / Absent: among the worlds where, with the factors
	// removed, it does not happen, the share where putting them back
	// produces it (Wilson interval on the Absent worlds).
	PS, PSLow, PSHigh float64
	// PNS = Flipped / Iterations: the share of all worlds where it
	// happens with the factors and not without (Wilson interval on all
	// worlds).
	PNS, PNSLow, PNSHigh float64
	Observed             int64 // worlds where it happened: PN's denominator
	Absent               int64 // worlds where it does not happen with the factors removed: PS's denominator
	Flipped              int64 // worlds where it happened and removing the factors prevents it
	// Produced counts worlds where it happens only with the factors
	// removed. PN, PS and PNS read as probabilities of causation only
	// when removing a factor never produces the outcome (Pearl's
	// monotonicity); a nonzero count says where that fails.
	Produced int64
	// Without is P(observation) with the factors removed, and its Wilson
	// interval.
	Without, WithoutLow, WithoutHigh float64
	// Shapley (single factors only) is the factor's share of Prevented's
	// PN, averaged over the observed worlds, with a normal 95% interval;
	// the shares add up to Prevented.PN.
	Shapley, ShapleyLow, ShapleyHigh float64
}

// WhyCounts are the integer counts a why analysis keeps. Lane index =
// the set of factors removed, as a bit mask (factor j is bit j); index 0,
// the baseline, is unused in the per-lane counts.
type WhyCounts struct {
	N        int64   // worlds
	Observed int64   // worlds where the observation happened (baseline)
	Flipped  []int64 // per lane: observed in the baseline, not in the lane
	Absent   []int64 // per lane: not observed in the lane
	Produced []int64 // per lane: observed in the lane, not in the baseline
	// ShapleySum is, per factor, the sum over the observed worlds of the
	// factor's Shapley value scaled by k! (an integer); ShapleySumSq the
	// sum of their squares as a 128-bit number (high, low word).
	ShapleySum   []int64
	ShapleySumSq [][2]uint64
}

func newWhyCounts(k int) WhyCounts {
	return WhyCounts{Flipped: model.Padded[int64](1 << k), Absent: model.Padded[int64](1 << k), Produced: model.Padded[int64](1 << k),
		ShapleySum: model.Padded[int64](k), ShapleySumSq: make([][2]uint64, k)}
}

// Add adds another analysis's counts (a shard of the same run).
func (c *WhyCounts) Add(o *WhyCounts) {
	c.N += o.N
	c.Observed += o.Observed
	for l := range c.Flipped {
		c.Flipped[l] += o.Flipped[l]
		c.Absent[l] += o.Absent[l]
		c.Produced[l] += o.Produced[l]
	}
	for j := range c.ShapleySum {
		c.ShapleySum[j] += o.ShapleySum[j]
		c.ShapleySumSq[j] = add128(c.ShapleySumSq[j], o.ShapleySumSq[j])
	}
}

// add128 adds two unsigned 128-bit numbers held as {high, low} words:
// sums of squares of the k!-scaled Shapley values overflow 64 bits.
func add128(a, b [2]uint64) [2]uint64 {
	lo, carry := bits.Add64(a[1], b[1], 0)
	return [2]uint64{a[0] + b[0] + carry, lo}
}

// addSquare128 adds v² to the 128-bit sum acc.
func addSquare128(acc [2]uint64, v int64) [2]uint64 {
	m := uint64(v)
	if v < 0 {
		m = uint64(-v)
	}
	hi, lo := bits.Mul64(m, m)
	return add128(acc, [2]uint64{hi, lo})
}

// whyAcc accumulates a why analysis world by world (a pathAcc: it needs
// each lane's path when the observation is one).
type whyAcc struct {
	ob     observed
	k      int
	weight []int64 // |S|!(k−|S|−1)! by |S|: the Shapley weights scaled by k!
	hit    []bool  // scratch: this world's observation per lane
	WhyCounts
}

func newWhyAcc(ob observed, k int) *whyAcc {
	a := &whyAcc{ob: ob, k: k, hit: model.Padded[bool](1 << k), WhyCounts: newWhyCounts(k)}
	a.weight = shapleyWeights(k)
	return a
}

func (a *whyAcc) World(out []int) { a.WorldPaths(out, nil) }

func (a *whyAcc) WorldPaths(out, paths []int) {
	a.N++
	for l := range out {
		p := -1
		if paths != nil {
			p = paths[l]
		}
		a.hit[l] = a.ob.match(out[l], p)
	}
	base := a.hit[0]
	if base {
		a.Observed++
	}
	for l := 1; l < len(out); l++ {
		switch {
		case !a.hit[l] && base:
			a.Flipped[l]++
			a.Absent[l]++
		case !a.hit[l]:
			a.Absent[l]++
		case !base:
			a.Produced[l]++
		}
	}
	if !base {
		return // the Shapley split is over the observed worlds only
	}
	// v(S) = 1 if removing the factors in S prevents the observation; v(∅) = 0.
	v := func(mask int) int64 {
		if mask != 0 && !a.hit[mask] {
			return 1
		}
		return 0
	}
	for j := range a.k {
		bit := 1 << j
		var x int64
		for s := range len(out) {
			if s&bit == 0 {
				x += a.weight[bits.OnesCount(uint(s))] * (v(s|bit) - v(s))
			}
		}
		a.ShapleySum[j] += x
		a.ShapleySumSq[j] = addSquare128(a.ShapleySumSq[j], x)
	}
}

func (a *whyAcc) Fresh() sim.Paired { return newWhyAcc(a.ob, a.k) }

func (a *whyAcc) Merge(o sim.Paired) { a.Add(&o.(*whyAcc).WhyCounts) }

// Why solves every combination of the factors removed (each factor a
// variant name) on the same worlds and reports, per factor and per
// combination, how necessary and how sufficient the factors were for the
// observation, and the Shapley split of the prevented share. With
// opt.Shard it runs part of the worlds; MergeWhy combines the parts.
func Why(ctx context.Context, s *sim.Scenario, ob Observation, factors []string, opt sim.Options) (*WhyResult, error) {
	k := len(factors)
	if k == 0 {
		return nil, errors.New("why needs at least one factor (a variant name)")
	}
	if k > MaxFactors {
		return nil, fmt.Errorf("why takes at most %d factors (each added factor doubles the work: 2^k combinations per world), found %d", MaxFactors, k)
	}
	if most := math.MaxInt64 / factorial(k); opt.Iterations > most {
		return nil, fmt.Errorf("why with %d factors takes at most %d iterations (the sums of Shapley values scaled by %d! must fit in 64 bits), found %d", k, most, k, opt.Iterations)
	}
	for i, f := range factors {
		if slices.Contains(factors[:i], f) {
			return nil, fmt.Errorf("factor %q is given twice", f)
		}
	}
	if opt.Samples != nil {
		return nil, errors.New("why takes no samples")
	}
	obs, err := observe(s, ob)
	if err != nil {
		return nil, err
	}
	var sets [][]string
	for mask := range 1 << k {
		var v []string
		for j, f := range factors {
			if mask&(1<<j) != 0 {
				v = append(v, f)
			}
		}
		sets = append(sets, v)
	}
	var lanes []*sim.Scenario
	for _, v := range sets {
		l, err := s.WithVariant(v...)
		if err != nil {
			return nil, err
		}
		lanes = append(lanes, l)
	}
	m, err := sim.RunLanes(ctx, lanes, opt, newWhyAcc(obs, k))
	if m == nil {
		return nil, err
	}
	base := m.Results[0]
	r := &WhyResult{Stamp: Stamp{Scenario: s.ID, Title: s.Title, Hash: s.Hash, Seed: opt.Seed, Iterations: base.Iterations,
		Requested: base.Requested, Partial: base.Partial, Version: sim.Version},
		Observation: ob, Column: obs.column, Counts: m.Paired.(*whyAcc).WhyCounts}
	if obs.path {
		r.Observation = Observation{Path: obs.id} // as the model spells it
	} else {
		r.Label = obs.label
	}
	r.summarise(factors)
	return r, err
}

// summarise computes every statistic from the counts.
func (r *WhyResult) summarise(factors []string) {
	c := &r.Counts
	n, k := c.N, len(factors)
	r.Iterations = n
	r.Count = c.Observed
	r.P = stats.Ratio(c.Observed, n)
	r.Low, r.High = stats.Wilson(c.Observed, n)
	cause := func(mask int) Cause {
		x := Cause{Observed: c.Observed, Absent: c.Absent[mask], Flipped: c.Flipped[mask], Produced: c.Produced[mask]}
		for j, f := range factors {
			if mask&(1<<j) != 0 {
				x.Factors = append(x.Factors, f)
			}
		}
		x.PN, x.PS, x.PNS = stats.Ratio(x.Flipped, x.Observed), stats.Ratio(x.Flipped, x.Absent), stats.Ratio(x.Flipped, n)
		x.PNLow, x.PNHigh = stats.Wilson(x.Flipped, x.Observed)
		x.PSLow, x.PSHigh = stats.Wilson(x.Flipped, x.Absent)
		x.PNSLow, x.PNSHigh = stats.Wilson(x.Flipped, n)
		x.Without = stats.Ratio(n-x.Absent, n)
		x.WithoutLow, x.WithoutHigh = stats.Wilson(n-x.Absent, n)
		x.Shapley, x.ShapleyLow, x.ShapleyHigh = math.NaN(), math.NaN(), math.NaN()
		return x
	}
	r.Factors, r.Combinations = nil, nil
	scale := float64(factorial(k))
	for j := range factors {
		x := cause(1 << j)
		sq := float64(c.ShapleySumSq[j][0])*0x1p64 + float64(c.ShapleySumSq[j][1])
		x.Shapley, x.ShapleyLow, x.ShapleyHigh = meanCI(float64(c.ShapleySum[j])/scale, sq/(scale*scale), c.Observed)
		r.Factors = append(r.Factors, x)
	}
	var masks []int
	for mask := 1; mask < 1<<k; mask++ {
		if bits.OnesCount(uint(mask)) >= 2 {
			masks = append(masks, mask)
		}
	}
	slices.SortStableFunc(masks, func(a, b int) int {
		if d := bits.OnesCount(uint(a)) - bits.OnesCount(uint(b)); d != 0 {
			return d
		}
		for j := range k { // the set holding the earlier factor first
			if d := b>>j&1 - a>>j&1; d != 0 {
				return d
			}
		}
		return 0
	})
	for _, mask := range masks {
		r.Combinations = append(r.Combinations, cause(mask))
	}
	r.Prevented = cause(1<<k - 1)
}

// MergeWhy combines why analyses of the shards of one run (the same
// scenario, seed, iterations, observation and factors; each shard once)
// into the analysis the whole run gives: the counts are integers, so the
// result is the same to the last bit.
func MergeWhy(parts ...*WhyResult) (*WhyResult, error) {
	if len(parts) == 0 {
		return nil, errors.New("nothing to merge")
	}
	first := parts[0]
	var factors []string
	for _, f := range first.Factors {
		factors = append(factors, f.Factors[0])
	}
	out := *first
	out.Counts = newWhyCounts(len(factors))
	for i, p := range parts {
		var fs []string
		for _, f := range p.Factors {
			fs = append(fs, f.Factors[0])
		}
		if p.Scenario != first.Scenario || p.Hash != first.Hash || p.Seed != first.Seed || p.Requested != first.Requested ||
			p.Observation != first.Observation || !slices.Equal(fs, factors) || p.Version != first.Version {
			return nil, fmt.Errorf("part %d is from another analysis (%s %s seed %d, %d worlds, %s, factors %s)",
				i+1, p.Scenario, p.Hash, p.Seed, p.Requested, p.Observation, strings.Join(fs, ","))
		}
		out.Counts.Add(&p.Counts)
		out.Partial = out.Partial || p.Partial
	}
	if out.Counts.N > out.Requested {
		return nil, fmt.Errorf("the parts hold %d worlds, more than the %d of the run: a shard is given twice", out.Counts.N, out.Requested)
	}
	out.Partial = out.Partial || out.Counts.N < out.Requested
	out.summarise(factors)
	return &out, nil
}

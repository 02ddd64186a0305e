package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/stats"
	"github.com/parley-dev/parley/sim/suggest"
)

// Stamp identifies what an analysis ran, for its provenance line.
type Stamp struct {
	Scenario   string
	Title      string
	Hash       string
	Seed       uint64
	Iterations int64 // worlds solved
	Requested  int64 // worlds asked for
	Partial    bool  // cut short: Iterations < Requested
	Version    string
	Ties       string // a tree's tie rule when not the default split ("" under the default)
}

// stampOf stamps an analysis from the result of its first lane.
func stampOf(s *sim.Scenario, seed uint64, base *sim.Result) Stamp {
	st := Stamp{Scenario: s.ID, Title: s.Title, Hash: s.Hash, Seed: seed, Iterations: base.Iterations,
		Requested: base.Requested, Partial: base.Partial, Version: sim.Version}
	if r := s.TieRule(); !r.IsDefault() {
		st.Ties = r.String()
	}
	return st
}

// Comparison is several variants of a scenario solved on the same worlds.
type Comparison struct {
	Stamp
	Variants []VariantComparison // the first is the baseline
}

// VariantComparison is one variant against the baseline.
type VariantComparison struct {
	Variant  string // applied variants joined by "+"; "" is the baseline
	Result   *sim.Result
	Diffs    []Diff  // per outcome, in scenario order: this variant minus the baseline
	Flipped  int64   // worlds whose outcome differs from the baseline's
	FlipP    float64 // Flipped / Iterations
	FlipLow  float64 // Wilson 95% interval of FlipP
	FlipHigh float64
	Flips    []Flip // the flips by kind, most frequent first
}

// Diff is a paired difference in an outcome's probability.
type Diff struct {
	Outcome   string
	Diff      float64
	Low, High float64 // Newcombe paired 95% interval
	// UnpairedLow and UnpairedHigh are the interval two independent runs
	// of the same size would give; reported to show what pairing saves.
	UnpairedLow, UnpairedHigh float64
}

// Flip counts worlds that went from one outcome under the baseline to
// another under the variant.
type Flip struct {
	From, To    string
	Count       int64
	Probability float64
}

// transitions counts, per lane, worlds by (baseline outcome, lane outcome).
type transitions struct {
	outcomes int
	counts   [][]int64 // lane → from*outcomes+to
}

func newTransitions(lanes, outcomes int) *transitions {
	t := &transitions{outcomes: outcomes}
	for range lanes {
		t.counts = append(t.counts, model.Padded[int64](outcomes*outcomes))
	}
	return t
}

func (t *transitions) World(out []int) {
	from := out[0] * t.outcomes
	for l, o := range out {
		t.counts[l][from+o]++
	}
}

func (t *transitions) Fresh() sim.Paired { return newTransitions(len(t.counts), t.outcomes) }

func (t *transitions) Merge(o sim.Paired) {
	ot := o.(*transitions)
	for l := range t.counts {
		for i, c := range ot.counts[l] {
			t.counts[l][i] += c
		}
	}
}

// pairCounts returns, for outcome k, the 2×2 table of lane l against the
// baseline.
func (t *transitions) pairCounts(l, k int) (both, onlyLane, onlyBase, neither int64) {
	O := t.outcomes
	for from := range O {
		for to := range O {
			c := t.counts[l][from*O+to]
			switch {
			case from == k && to == k:
				both += c
			case to == k:
				onlyLane += c
			case from == k:
				onlyBase += c
			default:
				neither += c
			}
		}
	}
	return
}

// lanesFor compiles one lane per variant list; the first list should be
// empty (the baseline).
func lanesFor(s *sim.Scenario, variants [][]string) ([]*sim.Scenario, error) {
	var lanes []*sim.Scenario
	for _, v := range variants {
		l, err := s.WithVariant(v...)
		if err != nil {
			return nil, err
		}
		lanes = append(lanes, l)
	}
	return lanes, nil
}

// Compare solves the baseline and each variant list on the same worlds
// (common random numbers) and reports each variant's outcome
// probabilities, the paired difference from the baseline and the worlds
// whose outcome flipped. The baseline is always included first.
func Compare(ctx context.Context, s *sim.Scenario, variants [][]string, opt sim.Options) (*Comparison, error) {
	if opt.Samples != nil || opt.Shard.Count > 0 {
		return nil, errors.New("compare takes neither samples nor shards")
	}
	all := append([][]string{nil}, variants...)
	lanes, err := lanesFor(s, all)
	if err != nil {
		return nil, err
	}
	tr := newTransitions(len(lanes), len(s.Outcomes))
	m, err := sim.RunLanes(ctx, lanes, opt, tr)
	if m == nil {
		return nil, err
	}
	tr = m.Paired.(*transitions)
	base := m.Results[0]
	c := &Comparison{Stamp: stampOf(s, opt.Seed, base)}
	n := base.Iterations
	for l, res := range m.Results {
		vc := VariantComparison{Variant: res.Variant, Result: res}
		for k, o := range s.Outcomes {
			both, onlyLane, onlyBase, neither := tr.pairCounts(l, k)
			d, lo, hi := stats.PairedDiff(both, onlyLane, onlyBase, neither)
			_, ulo, uhi := stats.UnpairedDiff(both+onlyLane, both+onlyBase, n)
			if l == 0 {
				lo, hi, ulo, uhi = 0, 0, 0, 0
			}
			vc.Diffs = append(vc.Diffs, Diff{Outcome: o.ID, Diff: d, Low: lo, High: hi, UnpairedLow: ulo, UnpairedHigh: uhi})
		}
		O := len(s.Outcomes)
		for from := range O {
			for to := range O {
				if cnt := tr.counts[l][from*O+to]; from != to && cnt > 0 {
					vc.Flipped += cnt
					vc.Flips = append(vc.Flips, Flip{From: s.Outcomes[from].ID, To: s.Outcomes[to].ID, Count: cnt, Probability: stats.Ratio(cnt, n)})
				}
			}
		}
		sortFlips(vc.Flips)
		vc.FlipP = stats.Ratio(vc.Flipped, n)
		vc.FlipLow, vc.FlipHigh = stats.Wilson(vc.Flipped, n)
		c.Variants = append(c.Variants, vc)
	}
	return c, err
}

func sortFlips(f []Flip) {
	for i := 1; i < len(f); i++ { // insertion sort: stable and tiny
		for j := i; j > 0 && f[j].Count > f[j-1].Count; j-- {
			f[j], f[j-1] = f[j-1], f[j]
		}
	}
}

// MaxFactors bounds attribution: 2^k variant combinations are solved in
// every world.
const MaxFactors = 10 // 2^MaxFactors = sim.MaxLanes

// Attribution splits the change in an outcome's probability between the
// baseline and "every factor applied" among the factors.
type Attribution struct {
	Stamp
	Outcome  string
	Baseline float64 // P(outcome) with no factor applied
	Combined float64 // P(outcome) with every factor applied
	Total    Diff    // Combined − Baseline, paired
	Factors  []FactorShare
	// Interaction is the total change minus the sum of the factors'
	// effects alone: what the factors do only together.
	Interaction                     float64
	InteractionLow, InteractionHigh float64
}

// FactorShare is one factor's part of the change.
type FactorShare struct {
	Factor              string
	Shapley             float64 // the factor's Shapley share of the total change
	Low, High           float64 // 95% interval (normal, from the per-world Shapley values)
	Alone               float64 // the change with this factor applied alone
	AloneLow, AloneHigh float64 // paired 95% interval
}

// shapleyAcc accumulates per-world Shapley values, scaled by k! so that
// they are integers and merge exactly. Lane index = the set of factors
// applied, as a bit mask.
type shapleyAcc struct {
	k, outcomes int
	weight      []int64 // |S|!(k−|S|−1)! by |S|
	sum         []int64 // outcome*k + factor
	sumsq       [][2]uint64
	inter       []int64 // per outcome: Σ interaction (not scaled)
	intersq     []int64
	*transitions
}

func newShapleyAcc(k, outcomes int) *shapleyAcc {
	a := &shapleyAcc{k: k, outcomes: outcomes, sum: model.Padded[int64](outcomes * k), sumsq: make([][2]uint64, outcomes*k),
		inter: model.Padded[int64](outcomes), intersq: model.Padded[int64](outcomes), transitions: newTransitions(1<<k, outcomes)}
	a.weight = shapleyWeights(k)
	return a
}

// shapleyWeights are the Shapley weights of coalitions of each size s
// among k factors, scaled by k!: s!(k−s−1)!, integers so sums merge
// exactly.
func shapleyWeights(k int) []int64 {
	w := make([]int64, k)
	for s := range k {
		w[s] = factorial(s) * factorial(k-s-1)
	}
	return w
}

func factorial(n int) int64 {
	f := int64(1)
	for i := 2; i <= n; i++ {
		f *= int64(i)
	}
	return f
}

func (a *shapleyAcc) World(out []int) {
	a.transitions.World(out)
	full := len(out) - 1
	for o := range a.outcomes {
		ind := func(mask int) int64 {
			if out[mask] == o {
				return 1
			}
			return 0
		}
		for j := range a.k {
			bit := 1 << j
			var v int64
			for s := 0; s <= full; s++ {
				if s&bit == 0 {
					v += a.weight[bits.OnesCount(uint(s))] * (ind(s|bit) - ind(s))
				}
			}
			i := o*a.k + j
			a.sum[i] += v
			a.sumsq[i] = addSquare128(a.sumsq[i], v)
		}
		x := ind(full) - ind(0)
		for j := range a.k {
			x -= ind(1<<j) - ind(0)
		}
		a.inter[o] += x
		a.intersq[o] += x * x
	}
}

func (a *shapleyAcc) Fresh() sim.Paired { return newShapleyAcc(a.k, a.outcomes) }

func (a *shapleyAcc) Merge(o sim.Paired) {
	b := o.(*shapleyAcc)
	a.transitions.Merge(b.transitions)
	for i := range a.sum {
		a.sum[i] += b.sum[i]
		a.sumsq[i] = add128(a.sumsq[i], b.sumsq[i])
	}
	for o := range a.inter {
		a.inter[o] += b.inter[o]
		a.intersq[o] += b.intersq[o]
	}
}

// meanCI returns the mean of n values from their sum and sum of squares,
// with a normal 95% interval; NaN with no values.
func meanCI(sum, sumsq float64, n int64) (mean, lo, hi float64) {
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	nf := float64(n)
	mean = sum / nf
	if n < 2 {
		return mean, mean, mean
	}
	v := math.Max(0, (sumsq-nf*mean*mean)/(nf-1))
	half := stats.Z95 * math.Sqrt(v/nf)
	return mean, mean - half, mean + half
}

// Attribute applies every combination of the factors (each a variant
// name) on the same worlds and splits the change in the outcome's
// probability, from no factor to all, into Shapley shares. The shares add
// up to the total change (exactly, before rounding to float64: they are
// accumulated as integers).
func Attribute(ctx context.Context, s *sim.Scenario, factors []string, outcome string, opt sim.Options) (*Attribution, error) {
	k := len(factors)
	if k == 0 {
		return nil, errors.New("attribute needs at least one factor (a variant name)")
	}
	if k > MaxFactors {
		return nil, fmt.Errorf("attribute takes at most %d factors (each added factor doubles the work: 2^k combinations per world), found %d", MaxFactors, k)
	}
	if most := math.MaxInt64 / factorial(k); opt.Iterations > most {
		// Per-world Shapley values are integers scaled by k!, summed in int64.
		return nil, fmt.Errorf("attribute with %d factors takes at most %d iterations (the sums of Shapley values scaled by %d! must fit in 64 bits), found %d", k, most, k, opt.Iterations)
	}
	seen := map[string]bool{}
	for _, f := range factors {
		if seen[f] {
			return nil, fmt.Errorf("factor %q is given twice", f)
		}
		seen[f] = true
	}
	ko := -1
	var ids []string
	for i, o := range s.Outcomes {
		ids = append(ids, o.ID)
		if o.ID == outcome {
			ko = i
		}
	}
	if ko < 0 {
		return nil, fmt.Errorf("unknown outcome %q%s (have %s)", outcome, suggest.DidYouMean(outcome, ids), strings.Join(ids, ", "))
	}
	if opt.Samples != nil || opt.Shard.Count > 0 {
		return nil, errors.New("attribute takes neither samples nor shards")
	}
	var sets [][]string
	for mask := 0; mask < 1<<k; mask++ {
		var v []string
		for j, f := range factors {
			if mask&(1<<j) != 0 {
				v = append(v, f)
			}
		}
		sets = append(sets, v)
	}
	lanes, err := lanesFor(s, sets)
	if err != nil {
		return nil, err
	}
	m, err := sim.RunLanes(ctx, lanes, opt, newShapleyAcc(k, len(s.Outcomes)))
	if m == nil {
		return nil, err
	}
	acc := m.Paired.(*shapleyAcc)
	base := m.Results[0]
	n := base.Iterations
	a := &Attribution{Stamp: stampOf(s, opt.Seed, base), Outcome: outcome}
	if n == 0 {
		return a, err
	}
	full := 1<<k - 1
	a.Baseline = base.Outcomes[ko].Probability
	a.Combined = m.Results[full].Outcomes[ko].Probability
	d, lo, hi := stats.PairedDiff(acc.pairCounts(full, ko))
	_, ulo, uhi := stats.UnpairedDiff(m.Results[full].Outcomes[ko].Count, base.Outcomes[ko].Count, n)
	a.Total = Diff{Outcome: outcome, Diff: d, Low: lo, High: hi, UnpairedLow: ulo, UnpairedHigh: uhi}
	scale := float64(factorial(k))
	for j, f := range factors {
		i := ko*k + j
		sq := float64(acc.sumsq[i][0])*0x1p64 + float64(acc.sumsq[i][1])
		mean, lo, hi := meanCI(float64(acc.sum[i])/scale, sq/(scale*scale), n)
		ad, alo, ahi := stats.PairedDiff(acc.pairCounts(1<<j, ko))
		a.Factors = append(a.Factors, FactorShare{Factor: f, Shapley: mean, Low: lo, High: hi, Alone: ad, AloneLow: alo, AloneHigh: ahi})
	}
	a.Interaction, a.InteractionLow, a.InteractionHigh = meanCI(float64(acc.inter[ko]), float64(acc.intersq[ko]), n)
	return a, err
}

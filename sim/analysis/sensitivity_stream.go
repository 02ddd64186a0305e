package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
)

// rankScale turns a rank in (0, 1) into the 32-bit integer whose sums
// Sensitivity keeps. Integer sums are exact in any order, so the result
// cannot depend on how the worlds were grouped; 2^-32 is far finer than
// any rank statistic needs.
const rankScale = 0x1p32

// Payoff rank buckets are the leading bits of a payoff's distance from
// its centre: the exponent and rankMantissaBits bits of the mantissa,
// so a bucket is 2^-7 (0.8%) of the distance wide and a payoff whose
// worlds spread over a range shares a bucket with a fraction of a
// percent of them. Distances below zeroWidth share one bucket, as in the
// quantile sketch. Reading bits costs no logarithm.
const (
	rankMantissaBits = 7
	rankBucketShift  = 52 - rankMantissaBits
	zeroWidth        = 1e-12
)

// checkWorlds is how many worlds of the first batch Sensitivity checks:
// each parameter's value there must be the quantile of the draw it
// recomputes.
const checkWorlds = 64

// sensAcc accumulates Sensitivity's statistics world by world, keeping
// no world (a sim.SampleWriter).
type sensAcc struct {
	s      *sim.Scenario
	ko     int // the outcome's index
	params []paramRank
	acc    []paramAcc
	pay    []payoffRanks // per party
	q      []uint64      // this world's scaled rank per parameter
	n, k   int64         // worlds, and worlds with the outcome
}

// paramRank says how to find an uncertain parameter's rank in a world.
type paramRank struct {
	j    int            // its slot
	ss   uint64         // its stream's seed
	disc *discreteRanks // a discrete family's mid-distribution values; nil: the draw itself
}

// paramAcc is one parameter's running sums: of its scaled rank q, of q²
// and of q in the worlds with the outcome, and its deciles.
type paramAcc struct {
	sum, hit uint64
	sq       u128
	n, hits  [GapBins]int64
	from, to [GapBins]float64
}

// newSensAcc prepares the sums for a run of s with opt; it solves the
// few worlds that centre the payoff buckets (see payoffCentres).
func newSensAcc(ctx context.Context, s *sim.Scenario, ko int, opt sim.Options) *sensAcc {
	a := &sensAcc{s: s, ko: ko}
	for j, p := range s.Params {
		if !p.Uncertain() {
			continue
		}
		a.params = append(a.params, paramRank{j: j, ss: p.StreamSeed(opt.Seed), disc: newDiscreteRanks(p.Spec)})
	}
	a.acc = make([]paramAcc, len(a.params))
	for t := range a.acc {
		for k := range GapBins {
			a.acc[t].from[k], a.acc[t].to[k] = math.Inf(1), math.Inf(-1)
		}
	}
	a.q = make([]uint64, len(a.params))
	for _, c := range payoffCentres(ctx, s, opt) {
		a.pay = append(a.pay, payoffRanks{centre: c, zero: make([]uint64, 1+len(a.params)),
			pos: rankRows{stride: 1 + len(a.params)}, neg: rankRows{stride: 1 + len(a.params)}})
	}
	return a
}

// WriteSamples adds a batch of worlds; the first batch is checked first.
func (a *sensAcc) WriteSamples(b *sim.SampleBatch) error {
	if a.n == 0 {
		if err := a.check(b); err != nil {
			return err
		}
	}
	for w := range b.N {
		it := b.Start + int64(w)
		x := b.X[w*b.Slots : (w+1)*b.Slots]
		hit := b.Outcome[w] == a.ko
		a.n++
		if hit {
			a.k++
		}
		for t := range a.params {
			pr := &a.params[t]
			var r float64
			if pr.disc == nil {
				r = model.UniformAt(pr.ss, it)
			} else {
				r = pr.disc.rank(x[pr.j])
			}
			q := uint64(r * rankScale)
			a.q[t] = q
			ac := &a.acc[t]
			ac.sum += q
			ac.sq.add(q * q) // q < 2^32: the square fits
			d := min(int(r*GapBins), GapBins-1)
			ac.n[d]++
			if hit {
				ac.hit += q
				ac.hits[d]++
			}
			if v := x[pr.j]; v < ac.from[d] {
				ac.from[d] = v
			}
			if v := x[pr.j]; v > ac.to[d] {
				ac.to[d] = v
			}
		}
		y := b.Payoff[w*b.Parties:]
		for p := range a.pay {
			row := a.pay[p].row(y[p])
			row[0]++
			sums := row[1 : 1+len(a.q)] // one bounds check, not one per parameter
			for t, q := range a.q {
				sums[t] += q
			}
		}
	}
	return nil
}

// checkDraw says whether x, parameter p's value in world it, is the
// quantile of the draw recomputed from p's stream seed ss. The streaming
// analyses rank worlds by that draw instead of keeping them, so a runner
// that drew otherwise must stop them rather than make their ranks noise.
func checkDraw(analysis string, p sim.Param, ss uint64, it int64, x float64) error {
	if u := model.UniformAt(ss, it); u < 1 && p.Quantile(u) != x {
		return fmt.Errorf("%s: %s is %v in world %d, not %v, the quantile of its stream's draw: the analysis does not recompute the runner's draws", analysis, p.Name, x, it, p.Quantile(u))
	}
	return nil
}

// check verifies on the first worlds that every parameter's value is the
// quantile of the draw Sensitivity recomputes for it: if the runner drew
// otherwise, the ranks would be noise, so this fails loudly instead.
func (a *sensAcc) check(b *sim.SampleBatch) error {
	for w := range min(b.N, checkWorlds) {
		it := b.Start + int64(w)
		for _, pr := range a.params {
			p := a.s.Params[pr.j]
			x := b.X[w*b.Slots+pr.j]
			if err := checkDraw("sensitivity", p, pr.ss, it, x); err != nil {
				return err
			}
			if pr.disc != nil && math.IsNaN(pr.disc.rank(x)) {
				return fmt.Errorf("sensitivity: %s is %v in world %d, not one of its values", p.Name, x, it)
			}
		}
	}
	return nil
}

// finish computes every parameter's measures (all but the tipping
// values), in the order of a.params.
func (a *sensAcc) finish() []ParamSensitivity {
	out := make([]ParamSensitivity, len(a.params))
	sums, sxxs := make([]*big.Int, len(a.params)), make([]*big.Int, len(a.params))
	for t := range a.params {
		out[t], sums[t], sxxs[t] = a.param(t)
	}
	n := big.NewInt(a.n)
	for p := range a.pay {
		for t, r := range a.pay[p].rhos(n, sums, sxxs) {
			out[t].PayoffRho = append(out[t].PayoffRho, r)
		}
	}
	return out
}

// param computes parameter t's outcome correlation, quintiles and deciles,
// and returns with them its Σq and n·Σq² − (Σq)², which the payoff
// correlations need.
func (a *sensAcc) param(t int) (ParamSensitivity, *big.Int, *big.Int) {
	pr, ac := a.params[t], &a.acc[t]
	ps := ParamSensitivity{Param: a.s.Params[pr.j].Name}
	n := new(big.Int).SetInt64(a.n)
	sum := new(big.Int).SetUint64(ac.sum)
	// n·Σq² − (Σq)², n·Σq·1[outcome] − Σq·k and n·k − k²: the sums of
	// squares and products about the means, times n, exactly.
	sxx := new(big.Int).Sub(new(big.Int).Mul(n, ac.sq.big()), new(big.Int).Mul(sum, sum))
	sxy := new(big.Int).Sub(new(big.Int).Mul(n, new(big.Int).SetUint64(ac.hit)), new(big.Int).Mul(sum, big.NewInt(a.k)))
	k := big.NewInt(a.k)
	syy := new(big.Int).Sub(new(big.Int).Mul(n, k), new(big.Int).Mul(k, k))
	ps.Rho = correlation(sxy, sxx, syy)
	ps.quintiles(&ac.n, &ac.hits)
	var bins [GapBins]Bin
	for d := range bins {
		bins[d] = Bin{From: ac.from[d], To: ac.to[d], N: ac.n[d]}
	}
	ps.Gap = gapOf(&bins, &ac.hits)
	return ps, sum, sxx
}

// correlation is sxy/√(sxx·syy), 0 when either variable is constant (as
// stats.Pearson).
func correlation(sxy, sxx, syy *big.Int) float64 {
	if sxx.Sign() == 0 || syy.Sign() == 0 {
		return 0
	}
	fxy, _ := new(big.Float).SetInt(sxy).Float64()
	fxx, _ := new(big.Float).SetInt(sxx).Float64()
	fyy, _ := new(big.Float).SetInt(syy).Float64()
	return max(-1, min(1, fxy/(math.Sqrt(fxx)*math.Sqrt(fyy))))
}

// payoffRanks holds one party's payoffs as counts per rank bucket (see
// rankMantissaBits), and per bucket the
// sum of each parameter's scaled rank over its worlds. A payoff's rank is
// then its bucket's midrank, so Σ rank(x)·rank(y) is Σ over buckets of
// midrank × the bucket's Σq: Spearman's ρ with the payoffs that fall in
// one bucket treated as tied.
type payoffRanks struct {
	centre   float64
	zero     []uint64 // the sketch's zero bucket: count, then Σq per parameter
	pos, neg rankRows
}

func (pr *payoffRanks) row(y float64) []uint64 {
	d := y - pr.centre
	a := math.Abs(d)
	if a < zeroWidth {
		return pr.zero
	}
	// Positive floats order as their bits; NaN lands above +Inf.
	i := int(math.Float64bits(a) >> rankBucketShift)
	if d > 0 || d != d {
		return pr.pos.at(i)
	}
	return pr.neg.at(i)
}

// buckets calls f with each occupied bucket's row, lowest payoffs first.
func (pr *payoffRanks) buckets(f func(row []uint64)) {
	for i := pr.neg.count() - 1; i >= 0; i-- { // farthest below the centre first
		if row := pr.neg.row(i); row[0] > 0 {
			f(row)
		}
	}
	if pr.zero[0] > 0 {
		f(pr.zero)
	}
	for i := range pr.pos.count() {
		if row := pr.pos.row(i); row[0] > 0 {
			f(row)
		}
	}
}

// rhos is Spearman's ρ of every parameter with the payoff, given n and
// per parameter its Σq and sxx (see sensAcc.param).
func (pr *payoffRanks) rhos(n *big.Int, sumQ, sxx []*big.Int) []float64 {
	// With doubled midranks R = 2·(worlds below) + c + 1, integers:
	// Σ R = n(n+1), Σ R² = Σ c·R², Σ R·q = Σ R·(bucket's Σq).
	var below uint64
	rq := make([]u128, len(sumQ))
	rr, cr := new(big.Int), new(big.Int)
	pr.buckets(func(row []uint64) {
		c := row[0]
		r := 2*below + c + 1
		for t := range rq {
			rq[t].addMul(r, row[1+t])
		}
		cr.SetUint64(r)
		cr.Mul(cr, cr)
		rr.Add(rr, cr.Mul(cr, new(big.Int).SetUint64(c)))
		below += c
	})
	sumR := new(big.Int).Mul(n, new(big.Int).Add(n, big.NewInt(1)))
	syy := new(big.Int).Sub(new(big.Int).Mul(n, rr), new(big.Int).Mul(sumR, sumR))
	out := make([]float64, len(rq))
	for t := range rq {
		sxy := new(big.Int).Sub(new(big.Int).Mul(n, rq[t].big()), new(big.Int).Mul(sumQ[t], sumR))
		out[t] = correlation(sxy, sxx[t], syy)
	}
	return out
}

// rankRows is one side of a party's rank buckets: rows of stride
// numbers for the bucket indices off, off+1, …, grown at either end.
type rankRows struct {
	stride int
	off    int
	rows   []uint64
}

func (r *rankRows) count() int         { return len(r.rows) / max(r.stride, 1) }
func (r *rankRows) row(i int) []uint64 { return r.rows[i*r.stride : (i+1)*r.stride] }
func (r *rankRows) index(i int) (int, bool) {
	return i - r.off, r.rows != nil && i >= r.off && i-r.off < r.count()
}

// at returns bucket i's row, growing the rows to reach it: by at least
// as many rows again as they hold, so that growing costs O(1) per row.
func (r *rankRows) at(i int) []uint64 {
	if k, ok := r.index(i); ok {
		return r.row(k)
	}
	n := r.count()
	if r.rows == nil {
		r.off, n = i, 0
	}
	lo, hi := min(r.off, i), max(r.off+n, i+1)
	switch {
	case n == 0:
	case i < r.off:
		lo = min(lo, r.off-n)
	default:
		hi = max(hi, r.off+2*n)
	}
	rows := make([]uint64, (hi-lo)*r.stride)
	copy(rows[(r.off-lo)*r.stride:], r.rows)
	r.rows, r.off = rows, lo
	return r.row(i - lo)
}

// payoffCentres returns the centres of the parties' rank buckets: per
// party, the median payoff of the run's first sim.CentreWorlds worlds,
// as the run centres its quantile sketches (a centre among the typical
// values keeps the buckets fine where the payoffs are). They come from a
// short run before the main one, since they must be fixed before its
// first world; worlds that fail are left out (the main run reports them).
func payoffCentres(ctx context.Context, s *sim.Scenario, opt sim.Options) []float64 {
	c := &centreCollector{vals: make([][]float64, len(s.Parties))}
	o := opt
	o.Iterations, o.Workers, o.Precision = sim.CentreWorlds, 1, 0
	o.Samples, o.Progress, o.Centred, o.Enough = c, nil, nil, nil
	_, _ = sim.Run(ctx, s, o) // a failure is the main run's to report
	centres := make([]float64, len(s.Parties))
	for p, v := range c.vals {
		if len(v) > 0 {
			slices.SortFunc(v, cmp.Compare)
			centres[p] = v[len(v)/2]
		}
	}
	return centres
}

// centreCollector keeps the payoffs of a few worlds.
type centreCollector struct{ vals [][]float64 }

func (c *centreCollector) WriteSamples(b *sim.SampleBatch) error {
	for w := range b.N {
		for p := range c.vals {
			if v := b.Payoff[w*b.Parties+p]; math.Abs(v) <= 0x1p1000 {
				c.vals[p] = append(c.vals[p], v)
			}
		}
	}
	return nil
}

// discreteRanks gives a discrete family's values their mid-distribution
// value P(X < x) + P(X = x)/2: the rank a tied value shares (the mean of
// the ranks its ties span), where the draw itself would break the ties
// by the order of the draws, and categorical values listed out of order
// are not ranked by their draw at all.
type discreteRanks struct {
	vals, mid  []float64 // sorted distinct values and their mid-distribution values
	lo, across float64   // discrete_uniform: the smallest value and how many integers
}

// newDiscreteRanks returns nil for a continuous family: its draw is its
// rank.
func newDiscreteRanks(spec sim.DistSpec) *discreteRanks {
	switch spec.Kind {
	case "discrete_uniform":
		return &discreteRanks{lo: spec.Args[0], across: spec.Args[1] - spec.Args[0] + 1}
	case "bernoulli":
		return tableRanks([]float64{0, 1}, []float64{1 - spec.Args[0], spec.Args[0]})
	case "categorical":
		return tableRanks(spec.Values, spec.Weights)
	}
	return nil
}

// tableRanks is the mid-distribution table of values with weights (not
// necessarily in order, summing to 1 or not, values possibly repeated).
func tableRanks(values, weights []float64) *discreteRanks {
	top := slices.Max(weights) // weights near 1.8e308 would overflow their sum: scale them
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(values[a], values[b]) })
	d := &discreteRanks{}
	var ws []float64
	total := 0.0
	for _, i := range idx {
		w := weights[i] / top
		total += w
		if n := len(d.vals); n > 0 && d.vals[n-1] == values[i] {
			ws[n-1] += w
			continue
		}
		d.vals, ws = append(d.vals, values[i]), append(ws, w)
	}
	below := 0.0
	for _, w := range ws {
		d.mid = append(d.mid, (below+w/2)/total)
		below += w
	}
	return d
}

// rank is x's mid-distribution value; NaN for a value the family does
// not have.
func (d *discreteRanks) rank(x float64) float64 {
	if d.vals == nil {
		return (x - d.lo + 0.5) / d.across
	}
	if i, ok := slices.BinarySearch(d.vals, x); ok {
		return d.mid[i]
	}
	return math.NaN()
}

// u128 is an unsigned 128-bit sum.
type u128 struct{ hi, lo uint64 }

// add adds a.
func (s *u128) add(a uint64) {
	var c uint64
	s.lo, c = bits.Add64(s.lo, a, 0)
	s.hi += c
}

// addMul adds a·b.
func (s *u128) addMul(a, b uint64) {
	hi, lo := bits.Mul64(a, b)
	var c uint64
	s.lo, c = bits.Add64(s.lo, lo, 0)
	s.hi += hi + c
}

func (s u128) big() *big.Int {
	v := new(big.Int).SetUint64(s.hi)
	return v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(s.lo))
}

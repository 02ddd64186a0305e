package analysis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
)

// SobolOptions selects what Sobol indices are computed for.
type SobolOptions struct {
	Outcome   string // the outcome whose probability is the target, or
	Party     string // the party whose equilibrium payoff is the target (tree models)
	N         int    // base sample size; the model is solved N·(k+2) times
	Seed      uint64
	Workers   int
	Bootstrap int   // resamples for the intervals; 0 means 200
	MaxMemory int64 // bytes the model's values may take; 0 means SobolMaxMemory

	// afterRow, if set, is called by a worker after it finishes row r
	// (tests use it to cancel mid-run).
	afterRow func(r int)
}

// SobolMaxMemory is the default bound on the memory of the model's values
// Sobol keeps: 8 bytes per evaluation, N·(k+2) evaluations. The estimators
// and their bootstrap need every value, so a larger N is refused up front
// with the figure rather than run until the machine runs out.
const SobolMaxMemory = 1_000_000_000

// MaxBootstrap bounds the bootstrap resamples: each keeps two numbers
// and costs a pass over the base samples per parameter.
const MaxBootstrap = 100_000

// SobolResult holds variance-based sensitivity indices. A result cut
// short (Partial) holds the indices over the first Iterations base
// samples; if it was cut short before its bootstrap ended, it has no
// intervals (Resamples 0, the bounds NaN).
type SobolResult struct {
	Stamp
	Target    string // "P(outcome)" or "payoff of party"
	Mean      float64
	Var       float64
	Resamples int          // bootstrap resamples behind the intervals
	Indices   []SobolIndex // sorted by total index, largest first
}

// SobolIndex is one parameter's first-order and total Sobol index with
// bootstrap 95% intervals (NaN when the bootstrap was cancelled).
type SobolIndex struct {
	Param                   string
	First, FirstLo, FirstHi float64
	Total, TotalLo, TotalHi float64
}

// sobolBytes is the memory of the model's values for n base samples and
// k uncertain parameters.
func sobolBytes(n, k int) float64 { return 8 * float64(n) * float64(k+2) }

// Sobol estimates first-order (Saltelli 2010) and total (Jansen 1999)
// Sobol indices of the outcome probability, or of a party's payoff, with
// respect to every uncertain parameter. Each evaluation is a world solved
// without drawing chance or ties: the target is the outcome's probability
// in that world (or the party's expected payoff), a deterministic function
// of the parameters, so the indices say how much of its variance each
// parameter explains, alone and with its interactions.
//
// On cancellation every worker stops after its current row; the result
// over the base samples finished so far (a prefix) is returned marked
// Partial, with an error wrapping sim.ErrCanceled.
func Sobol(ctx context.Context, s *sim.Scenario, o SobolOptions) (*SobolResult, error) {
	uncertain, err := sobolCheck(s, o)
	if err != nil {
		return nil, err
	}
	target, label, err := sobolTarget(s, o)
	if err != nil {
		return nil, err
	}
	n := o.N
	f, done, err := sobolSample(s, ctx, o, uncertain, target)
	if err != nil {
		return nil, err
	}
	var canceled error
	if done < n {
		canceled = fmt.Errorf("%w after %d of %d base samples", sim.ErrCanceled, done, n)
		if done < 2 {
			return nil, canceled
		}
	}
	res := &SobolResult{Stamp: Stamp{Scenario: s.ID, Title: s.Title, Hash: s.Hash, Seed: o.Seed, Iterations: int64(done),
		Requested: int64(n), Partial: done < n, Version: sim.Version}, Target: label}
	res.Mean, res.Var = meanVar(f[0][:done], f[1][:done])
	if err := sobolIndices(s, ctx, o, res, f, done, uncertain, canceled == nil); err != nil {
		canceled = err
	}
	slices.SortStableFunc(res.Indices, func(a, b SobolIndex) int { return cmp.Compare(b.Total, a.Total) })
	return res, canceled
}

// sobolCheck refuses options Sobol cannot honour and returns the indices
// of the uncertain parameters.
func sobolCheck(s *sim.Scenario, o SobolOptions) ([]int, error) {
	var uncertain []int
	for j, p := range s.Params {
		if p.Uncertain() {
			uncertain = append(uncertain, j)
		}
	}
	k := len(uncertain)
	if k == 0 {
		return nil, errors.New("sobol: the scenario has no uncertain parameter")
	}
	if o.N < 2 {
		return nil, fmt.Errorf("sobol: need at least 2 base samples, found %d", o.N)
	}
	if o.Bootstrap < 0 || o.Bootstrap > MaxBootstrap {
		return nil, fmt.Errorf("sobol: bootstrap resamples must be between 1 and %d, found %d", MaxBootstrap, o.Bootstrap)
	}
	limit := o.MaxMemory
	if limit <= 0 {
		limit = SobolMaxMemory
	}
	if need := sobolBytes(o.N, k); need > float64(limit) {
		return nil, &SobolMemoryError{N: o.N, Params: k, Need: need, Limit: limit, MaxN: limit / int64(8*(k+2))}
	}
	return uncertain, nil
}

// sobolSample solves the Saltelli design on all workers: f holds f(A) in
// row 0, f(B) in row 1, f(AB_i) in row 2+i. done is how many base samples
// were finished from the first (all of them unless ctx was cancelled);
// the error is the one of the lowest failing sample, whatever the timing.
func sobolSample(s *sim.Scenario, ctx context.Context, o SobolOptions, uncertain []int, target func(dist, root []float64) float64) (f [][]float64, done int, err error) {
	n, k := o.N, len(uncertain)
	f = make([][]float64, k+2)
	for i := range f {
		f[i] = make([]float64, n)
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	// next[wk] is the first row worker wk has not finished: rows below
	// min(next) are all done, whatever the workers' timing.
	next := make([]int, workers)
	var failedAt atomic.Int64
	failedAt.Store(math.MaxInt64)
	errRow := make([]int, workers)
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eval := sobolEvaluator(s, target)
			ua, ub := make([]float64, k), make([]float64, k)
			x := make([]float64, s.WorldLen())
			// Rows are split by index, so the values do not depend on the
			// number of workers.
			r := wk
			defer func() { next[wk] = r }()
			for ; r < n; r += workers {
				if ctx.Err() != nil || int64(r) > failedAt.Load() { // every worker, every row: a row is a few worlds
					return
				}
				sobolRow(o.Seed, "A", r, ua)
				sobolRow(o.Seed, "B", r, ub)
				for row := range k + 2 {
					for j := range s.Params {
						x[j] = s.Params[j].Quantile(0.5) // the value of a fixed parameter; uncertain ones are set below
					}
					for c, j := range uncertain {
						u := ua[c]
						if row == 1 || row == c+2 {
							u = ub[c]
						}
						x[j] = s.Params[j].Quantile(u)
					}
					v, err := eval(x)
					if err != nil {
						errs[wk], errRow[wk] = fmt.Errorf("sobol sample %d: %w", r, err), r
						// Rows after the first failure need not be solved; rows
						// before it must, so the error named does not depend on
						// timing.
						for old := failedAt.Load(); int64(r) < old && !failedAt.CompareAndSwap(old, int64(r)); old = failedAt.Load() {
						}
						return
					}
					f[row][r] = v
				}
				if o.afterRow != nil {
					o.afterRow(r)
				}
			}
		}()
	}
	wg.Wait()
	first := -1
	for wk, err := range errs {
		if err != nil && (first < 0 || errRow[wk] < errRow[first]) {
			first = wk
		}
	}
	if first >= 0 {
		return nil, 0, errs[first]
	}
	done = n
	for _, r := range next {
		done = min(done, r)
	}
	return f, done, nil
}

// sobolIndices estimates each uncertain parameter's first-order and total
// index over the first done base samples and, when bootstrap is true, their
// percentile intervals. Cancelled during the bootstrap, it leaves every
// interval out, marks res partial and says so.
func sobolIndices(s *sim.Scenario, ctx context.Context, o SobolOptions, res *SobolResult, f [][]float64, done int, uncertain []int, bootstrap bool) error {
	boot := o.Bootstrap
	if boot <= 0 {
		boot = 200
	}
	rng := rand.New(rand.NewPCG(model.Mix(o.Seed^model.StreamKey("sobol", "bootstrap")), 0))
	var canceled error
	for c, j := range uncertain {
		idx := SobolIndex{Param: s.Params[j].Name}
		idx.First, idx.Total = sobolEstimate(f, c, done, nil)
		idx.FirstLo, idx.FirstHi, idx.TotalLo, idx.TotalHi = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if bootstrap {
			var firsts, totals []float64
			draw := func() int { return rng.IntN(done) }
			for range boot {
				if ctx.Err() != nil {
					bootstrap = false
					canceled = fmt.Errorf("%w during the bootstrap: no intervals", sim.ErrCanceled)
					break
				}
				a, b := sobolEstimate(f, c, done, draw)
				firsts, totals = append(firsts, a), append(totals, b)
			}
			if bootstrap {
				idx.FirstLo, idx.FirstHi = percentileCI(firsts)
				idx.TotalLo, idx.TotalHi = percentileCI(totals)
			}
		}
		res.Indices = append(res.Indices, idx)
	}
	if bootstrap {
		res.Resamples = boot
		return nil
	}
	res.Partial = true
	for i := range res.Indices {
		ix := &res.Indices[i]
		ix.FirstLo, ix.FirstHi, ix.TotalLo, ix.TotalHi = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	return canceled
}

// SobolMemoryError refuses a base sample size whose values would not fit
// in the memory limit.
type SobolMemoryError struct {
	N, Params   int
	Need        float64 // bytes
	Limit, MaxN int64
}

func (e *SobolMemoryError) Error() string {
	return fmt.Sprintf("sobol: %d base samples with %d uncertain parameters need about %s for the model's values (%d × %d evaluations), over the limit of %s: use at most %d base samples",
		e.N, e.Params, gigabytes(e.Need), e.N, e.Params+2, gigabytes(float64(e.Limit)), e.MaxN)
}

func gigabytes(b float64) string { return fmt.Sprintf("%.1f GB", b/1e9) }

// sobolRow fills u with row r of sample matrix name ("A" or "B"): each
// row has its own stream.
func sobolRow(seed uint64, name string, r int, u []float64) {
	var pcg rand.PCG
	pcg.Seed(model.Mix(seed^model.StreamKey("sobol", name)), uint64(r))
	for i := range u {
		u[i] = (float64(pcg.Uint64()>>11) + 0.5) * 0x1p-53
	}
}

// sobolEstimate computes the first-order and total index of column c
// over rows 0..m-1, or, with draw, over m rows drawn with repeats (the
// bootstrap) without storing them.
func sobolEstimate(f [][]float64, c, m int, draw func() int) (first, total float64) {
	fa, fb, fab := f[0], f[1], f[c+2]
	var sum, sumsq, s1, st float64
	for i := range m {
		r := i
		if draw != nil {
			r = draw()
		}
		sum += fa[r] + fb[r]
		sumsq += fa[r]*fa[r] + fb[r]*fb[r]
		s1 += fb[r] * (fab[r] - fa[r])
		st += (fa[r] - fab[r]) * (fa[r] - fab[r])
	}
	mf := float64(m)
	mean := sum / (2 * mf)
	v := sumsq/(2*mf) - mean*mean
	if v <= 0 {
		return 0, 0
	}
	return s1 / mf / v, st / (2 * mf) / v
}

// meanVar is the mean and population variance of a's values then b's,
// without joining them into one more copy.
func meanVar(a, b []float64) (float64, float64) {
	var m float64
	for _, x := range [][]float64{a, b} {
		for _, v := range x {
			m += v
		}
	}
	m /= float64(len(a) + len(b))
	var s float64
	for _, x := range [][]float64{a, b} {
		for _, v := range x {
			s += (v - m) * (v - m)
		}
	}
	return m, s / float64(len(a)+len(b))
}

func percentileCI(x []float64) (float64, float64) {
	slices.Sort(x)
	lo := x[int(math.Floor(0.025*float64(len(x)-1)))]
	hi := x[int(math.Ceil(0.975*float64(len(x)-1)))]
	return lo, hi
}

// sobolTarget resolves what is measured: an outcome index or a party.
func sobolTarget(s *sim.Scenario, o SobolOptions) (func(dist []float64, root []float64) float64, string, error) {
	if (o.Outcome == "") == (o.Party == "") {
		return nil, "", errors.New("sobol: name an outcome or a party, not both")
	}
	if o.Outcome != "" {
		k := slices.IndexFunc(s.Outcomes, func(x sim.Outcome) bool { return x.ID == o.Outcome })
		if k < 0 {
			var ids []string
			for _, x := range s.Outcomes {
				ids = append(ids, x.ID)
			}
			return nil, "", fmt.Errorf("unknown outcome %q%s (have %s)", o.Outcome, suggest.DidYouMean(o.Outcome, ids), strings.Join(ids, ", "))
		}
		return func(dist, _ []float64) float64 { return dist[k] }, "P(" + o.Outcome + ")", nil
	}
	if !s.NewEvaluator().Expects() {
		return nil, "", fmt.Errorf("sobol: a payoff target needs a tree model; %s is %s model (use an outcome)", s.ID, model.WithArticle(s.Form()))
	}
	p := slices.IndexFunc(s.Parties, func(x sim.Party) bool { return x.ID == o.Party })
	if p < 0 {
		var ids []string
		for _, x := range s.Parties {
			ids = append(ids, x.ID)
		}
		return nil, "", fmt.Errorf("unknown party %q%s (have %s)", o.Party, suggest.DidYouMean(o.Party, ids), strings.Join(ids, ", "))
	}
	return func(_, root []float64) float64 { return root[p] }, "payoff of " + o.Party, nil
}

// sobolEvaluator returns a function solving one world at parameter values
// x (derived values are computed here) and returning the target.
func sobolEvaluator(s *sim.Scenario, target func(dist, root []float64) float64) func(x []float64) (float64, error) {
	ev := s.NewEvaluator()
	return func(x []float64) (float64, error) {
		dist, err := ev.OutcomeDist(x)
		if err != nil {
			return 0, err
		}
		return target(dist, ev.Expected()), nil
	}
}

package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync/atomic"

	"github.com/parley-dev/parley/sim/model"
)

// DefaultIterations is how many worlds a run samples unless told otherwise.
const DefaultIterations = 10000

// Options controls a run. The zero value runs DefaultIterations worlds on
// every core with seed 0.
type Options struct {
	Iterations int64   // worlds to sample; with Precision, the most to sample
	Seed       uint64  // root seed: the same seed gives the same worlds
	Workers    int     // goroutines; 0 means runtime.GOMAXPROCS
	Precision  float64 // if > 0, stop once every outcome's 95% half-width is below it
	Shard      Shard   // run only this part of the chunks (Count 0: all)

	// Progress, if set, is called from the calling goroutine after each
	// checkpoint with the worlds done so far and the most there will be.
	Progress func(done, total int64)

	// Samples, if set, receives every world in iteration order.
	Samples SampleWriter

	// Centred, if set, is called once from the calling goroutine after the
	// run has solved the CentreWorlds worlds (per variant) that centre its
	// quantile sketches, before the first chunk: a caller timing the run
	// from its start learns what a world costs before the long part.
	Centred func()

	// Enough, if set with Precision, is a further stopping condition: a
	// check stops the run only once every outcome is precise enough and
	// Enough returns true. It is called from the calling goroutine, at the
	// checks, when every chunk so far has been solved and written to
	// Samples (parley run --given: until enough worlds match).
	Enough func() bool
}

// SampleWriter receives per-world records, a chunk at a time, in
// iteration order.
type SampleWriter interface {
	WriteSamples(b *SampleBatch) error
}

// SampleBatch holds consecutive worlds. Its slices are reused after
// WriteSamples returns.
type SampleBatch struct {
	Start   int64     // iteration number of the first world
	N       int       // worlds in the batch
	Slots   int       // values per world (Scenario.Slots)
	Parties int       // payoffs per world
	X       []float64 // N×Slots values
	Outcome []int     // N outcome indices
	Payoff  []float64 // N×Parties payoffs
	Path    []int     // N indices into the first tally (the path or package), -1 for none
}

// checkEvery is how many chunks pass between precision checks. The check
// falls at fixed iteration counts, so where a run stops does not depend
// on the number of workers.
const checkEvery = 8

// ErrCanceled marks a result cut short by its context.
var ErrCanceled = errors.New("sim: run canceled")

// Run samples worlds of s and solves each. On cancellation it returns the
// worlds finished so far as a result marked Partial, together with an
// error wrapping ErrCanceled. The chunks in flight are abandoned at their
// next world, so the result counts whole chunks only, though not
// necessarily the first ones: a later chunk may have finished first.
func Run(ctx context.Context, s *Scenario, opt Options) (*Result, error) {
	m, err := RunLanes(ctx, []*Scenario{s}, opt, nil)
	if m == nil {
		return nil, err
	}
	return m.Results[0], err
}

// Lanes is the outcome of solving the same worlds under several variants
// (lanes): one result per lane, and whatever the paired accumulator kept.
type Lanes struct {
	Results []*Result
	Paired  Paired // nil when RunLanes was given none
}

// A Paired accumulator sees every world's outcome in every lane: how
// analyses count, world by world, what a variant changed. It must be
// exactly mergeable (counts, not rounded sums), so that the result does
// not depend on how the worlds were split among workers.
type Paired interface {
	// World sees one world's outcome in every lane.
	World(outcomes []int)
	// Fresh returns an empty accumulator of the same shape.
	Fresh() Paired
	// Merge adds another accumulator's counts.
	Merge(Paired)
}

// A PathPaired is a Paired accumulator that also sees each lane's row of
// the first tally (the equilibrium path, the agreed package, the profile
// played), -1 for none: the runner calls WorldPaths instead of World.
type PathPaired interface {
	Paired
	WorldPaths(outcomes, paths []int)
}

// Worlds is the worlds the options ask for: Iterations, or
// DefaultIterations when it is zero.
func (o Options) Worlds() int64 {
	if o.Iterations == 0 {
		return DefaultIterations
	}
	return o.Iterations
}

// RunLanes solves every world once per lane. Lanes are variants of one
// scenario: a world draws each parameter's uniform number once and every
// lane maps it through its own distribution, so the lanes are compared on
// common random numbers and the sampling work is shared. pairs, if not
// nil, sees every world's outcomes (a fresh copy per worker, merged).
func RunLanes(ctx context.Context, lanes []*Scenario, opt Options, pairs Paired) (*Lanes, error) {
	n := opt.Worlds()
	if err := CheckIterations(n); err != nil {
		return nil, err
	}
	if len(lanes) > MaxLanes {
		return nil, fmt.Errorf("%d variants or grid points solved together; at most %d are allowed (each holds its own counters in every worker)", len(lanes), MaxLanes)
	}
	if opt.Precision < 0 || math.IsNaN(opt.Precision) {
		return nil, fmt.Errorf("precision must be positive, found %v", opt.Precision)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := int((n + ChunkSize - 1) / ChunkSize)
	first, last := 0, chunks
	if opt.Shard.Count > 0 {
		if err := CheckShard(n, opt.Shard); err != nil {
			return nil, err
		}
		if opt.Precision > 0 {
			return nil, errors.New("precision stopping and shards do not mix: a shard cannot know when the whole run is precise enough")
		}
		first = chunks * opt.Shard.Index / opt.Shard.Count
		last = chunks * (opt.Shard.Index + 1) / opt.Shard.Count
	}
	workers = max(1, min(workers, last-first)) // an idle worker only costs its workspace
	r := &runner{lanes: lanes, opt: opt, n: n, pairs: pairs}
	// The channel, not ctx: run's loop stops selecting on ctx by
	// assigning to it, which this goroutine must not read.
	cancelled := ctx.Done()
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		select {
		case <-cancelled:
			r.stop.Store(true)
		case <-quit:
		}
	}()
	for _, s := range lanes {
		// Interrupted, the shifts come from fewer worlds: the run then
		// stops at once and its result is marked partial anyway.
		r.shifts = append(r.shifts, s.sketchShifts(opt.Seed, &r.stop))
	}
	if opt.Centred != nil {
		opt.Centred()
	}
	total := int64(0)
	for c := first; c < last; c++ {
		total += r.chunkLen(c)
	}
	m := &Lanes{}
	for _, s := range lanes {
		m.Results = append(m.Results, &Result{Scenario: s.ID, Title: s.Title, Hash: s.Hash, Form: s.Form(), Variant: s.Variant, Ties: tiesStamp(s.ties),
			Seed: opt.Seed, Requested: n, Precision: opt.Precision, Shard: opt.Shard, Version: Version, agg: newAggregate(s, r.shifts[len(m.Results)])})
	}
	if pairs != nil {
		m.Paired = pairs.Fresh()
	}
	err := r.run(ctx, first, last, workers, total, m)
	if err != nil && !errors.Is(err, ErrCanceled) {
		// Chunks after the failing one may have been counted (they run
		// concurrently), so the counts are not a meaningful prefix.
		return nil, err
	}
	for i, res := range m.Results {
		res.summarise(layoutOf(lanes[i]))
		if errors.Is(err, ErrCanceled) {
			res.Partial = true
		}
		if opt.Precision > 0 {
			// Judged on the final counts, which are the ones the last
			// check saw: a run that ends at its cap says so.
			res.HalfWidth = res.agg.maxHalfWidth()
			res.PrecisionReached = res.agg.n > 0 && res.HalfWidth < opt.Precision
		}
	}
	return m, err
}

type runner struct {
	lanes []*Scenario
	opt   Options
	n     int64
	pairs Paired
	stop  atomic.Bool // set on cancellation: workers abandon their chunk

	shifts [][]float64 // per lane: the centres of the payoff sketches
}

func (r *runner) chunkLen(c int) int64 {
	return min(int64(c+1)*ChunkSize, r.n) - int64(c)*ChunkSize
}

type chunkDone struct {
	chunk int
	err   error
	batch *SampleBatch
}

func (r *runner) run(ctx context.Context, first, last, workers int, total int64, m *Lanes) error {
	work := make(chan int)
	done := make(chan chunkDone)
	var free chan *SampleBatch
	if r.opt.Samples != nil {
		// Workers take a buffer before a chunk: then the chunk the writer
		// waits for always has one, and in-flight memory stays bounded.
		free = make(chan *SampleBatch, 2*workers+2)
		for range cap(free) {
			free <- r.newBatch()
		}
	}
	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = r.newWorker()
		go ws[i].loop(work, done, free)
	}
	defer close(work)

	next := first // next chunk to hand out
	var (
		doneWorlds int64
		firstErr   error
		errChunk   = last
		pending    = map[int]*SampleBatch{}
		writeNext  = first
		canceled   bool
	)
	inflight := 0
	// Rounds: without --precision one round holds every chunk; with it,
	// each round is checkEvery chunks, and the stopping rule is checked
	// between rounds, at iteration counts that do not depend on workers.
rounds:
	for next < last {
		roundEnd := last
		if r.opt.Precision > 0 {
			roundEnd = min(last, next+checkEvery)
		}
		for next < roundEnd || inflight > 0 {
			var send chan int
			if next < roundEnd && next < errChunk && !canceled {
				send = work
			}
			if send == nil && inflight == 0 {
				break
			}
			select {
			case send <- next:
				next++
				inflight++
			case d := <-done:
				inflight--
				if errors.Is(d.err, model.ErrStopped) {
					canceled = true // the context is done; its case may not have been selected yet
					ctx = context.Background()
				} else if d.err != nil {
					if d.chunk < errChunk {
						errChunk, firstErr = d.chunk, d.err
					}
				} else {
					doneWorlds += r.chunkLen(d.chunk)
				}
				if d.batch != nil {
					pending[d.chunk] = d.batch
					for b, ok := pending[writeNext]; ok && writeNext < errChunk; b, ok = pending[writeNext] {
						delete(pending, writeNext)
						if firstErr == nil && !canceled {
							if err := r.opt.Samples.WriteSamples(b); err != nil {
								firstErr, errChunk = fmt.Errorf("write samples: %w", err), writeNext
							}
						}
						free <- b
						writeNext++
					}
					if writeNext >= errChunk || canceled {
						for c, b := range pending { // no longer needed
							delete(pending, c)
							free <- b
						}
					}
				}
				if r.opt.Progress != nil && r.opt.Precision == 0 {
					r.opt.Progress(doneWorlds, total)
				}
			case <-ctx.Done():
				canceled = true
				ctx = context.Background() // stop selecting on it; drain in-flight chunks
			}
		}
		if canceled || errChunk < last {
			break rounds
		}
		if r.opt.Precision > 0 {
			if r.opt.Progress != nil {
				r.opt.Progress(doneWorlds, total)
			}
			if r.precise(ws) && (r.opt.Enough == nil || r.opt.Enough()) {
				break rounds
			}
		}
	}
	for _, w := range ws {
		for i, l := range w.lanes {
			m.Results[i].agg.merge(l.agg)
		}
		if m.Paired != nil {
			m.Paired.Merge(w.pairs)
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if canceled {
		return fmt.Errorf("%w after %d of %d worlds", ErrCanceled, m.Results[0].agg.n, total)
	}
	return nil
}

// precise checks the stopping rule on the workers' counts so far: every
// outcome of every lane within the requested half-width.
func (r *runner) precise(ws []*worker) bool {
	for i := range r.lanes {
		probe := &aggregate{outcomes: make([]int64, len(r.lanes[i].Outcomes))}
		for _, w := range ws {
			probe.n += w.lanes[i].agg.n
			for k, c := range w.lanes[i].agg.outcomes {
				probe.outcomes[k] += c
			}
		}
		if probe.n == 0 || probe.maxHalfWidth() >= r.opt.Precision {
			return false
		}
	}
	return true
}

func (r *runner) newBatch() *SampleBatch {
	s := r.lanes[0]
	slots, parties := len(s.Params)+len(s.Derived), s.columns() // model slots are scratch: the path column says what was agreed or played
	return &SampleBatch{Slots: slots, Parties: parties,
		X: make([]float64, ChunkSize*slots), Outcome: make([]int, ChunkSize),
		Payoff: make([]float64, ChunkSize*parties), Path: make([]int, ChunkSize)}
}

// worker owns everything one goroutine needs, so the hot loop shares
// nothing and allocates nothing.
type worker struct {
	_        [128]byte // keep other workers' hot fields off these cache lines
	r        *runner
	u        []float64 // this world's uniform draw per parameter, shared by the lanes
	drawU    []bool    // parameters uncertain in some lane
	seeds    []uint64  // per parameter: its stream's seed (model.StreamSeed)
	lanes    []*lane
	outcomes []int // this world's outcome per lane
	pairs    Paired
	paths    []int      // with a PathPaired: this world's first-tally row per lane
	pathAcc  PathPaired // pairs, when it wants the paths too

	// With a single lane, each world's parameters are drawn and mapped in
	// one pass: triangular ones (the commonest family) without the
	// dispatch, the others through dist.sample; fixed ones are set once.
	single bool
	tris   []drawPlan
	rest   []drawPlan
	_      [128]byte
}

// drawPlan is how one parameter's slot is filled in every world.
type drawPlan struct {
	j    int
	seed uint64
	d    *dist
}

// lane is one variant's solver and counters inside a worker.
type lane struct {
	_       [128]byte // w.Iter and pend are written every world: off other workers' lines
	s       *Scenario
	der     *deriver
	solver  model.Solver
	w       model.World
	agg     *aggregate
	scratch *aggregate // this chunk's counts and exact sums; merged only if the chunk succeeds
	pend    []float64  // this chunk's payoffs, for the quantile sketches once the chunk is whole
	redraw  []int      // parameters whose distribution differs from lane 0's
	_       [128]byte
}

func (r *runner) newWorker() *worker {
	base := r.lanes[0]
	wk := &worker{r: r, u: model.Padded[float64](len(base.Params)), drawU: model.Padded[bool](len(base.Params)),
		seeds: model.Padded[uint64](len(base.Params)), outcomes: model.Padded[int](len(r.lanes))}
	for j := range base.Params {
		wk.seeds[j] = model.StreamSeed(r.opt.Seed, base.Params[j].key)
	}
	if r.pairs != nil {
		wk.pairs = r.pairs.Fresh()
		if pa, ok := wk.pairs.(PathPaired); ok {
			wk.pathAcc, wk.paths = pa, model.Padded[int](len(r.lanes))
		}
	}
	for li, s := range r.lanes {
		scratch := newAggregate(s, nil)
		scratch.sketches = nil // payoff quantiles go straight to agg
		l := &lane{s: s, der: s.newDeriver(), solver: s.form.NewSolver(s.drop), agg: newAggregate(s, r.shifts[li]), scratch: scratch}
		l.w = s.newWorld(r.opt.Seed, &r.stop)
		// Room for a whole chunk's payoffs (no chunk is longer than the
		// first), allocated at once: grown by append, a lane's buffer was
		// copied a dozen times on its way to its size, and a sweep has a
		// lane per grid point.
		l.pend = make([]float64, 0, int(r.chunkLen(0))*len(l.w.Payoff))
		for j := range s.Params {
			if s.Params[j].dist.uncertain() {
				wk.drawU[j] = true
			}
			if li > 0 && s.Params[j].dist != base.Params[j].dist {
				l.redraw = append(l.redraw, j)
			}
		}
		wk.lanes = append(wk.lanes, l)
	}
	if len(r.lanes) == 1 {
		wk.single = true
		x := wk.lanes[0].w.X
		for j := range base.Params {
			d := base.Params[j].dist
			switch {
			case !d.uncertain():
				x[j] = d.sample(0) // never written again
			case d.code == codeTriangular && !d.wide:
				wk.tris = append(wk.tris, drawPlan{j, wk.seeds[j], d})
			default:
				wk.rest = append(wk.rest, drawPlan{j, wk.seeds[j], d})
			}
		}
	}
	return wk
}

func (wk *worker) loop(work <-chan int, done chan<- chunkDone, free chan *SampleBatch) {
	for {
		var b *SampleBatch
		if free != nil {
			b = <-free
		}
		c, ok := <-work
		if !ok {
			return
		}
		err := wk.chunk(c, b)
		done <- chunkDone{chunk: c, err: err, batch: b}
	}
}

// chunk solves the worlds of chunk c in every lane. On error the chunk's
// counts are discarded: the run fails, and the error names the first bad
// world.
func (wk *worker) chunk(c int, b *SampleBatch) error {
	r := wk.r
	start := int64(c) * ChunkSize
	end := start + r.chunkLen(c)
	for _, l := range wk.lanes {
		l.scratch.reset()
		l.pend = l.pend[:0]
	}
	if b != nil {
		b.Start, b.N = start, int(end-start)
	}
	base := wk.lanes[0]
	for it := start; it < end; it++ {
		if r.stop.Load() { // every world: one may cost tens of milliseconds
			return model.ErrStopped
		}
		base.w.Iter = it
		if wk.single {
			// As below, in one pass (sample clamps u the same way).
			x := base.w.X
			for _, p := range wk.tris {
				x[p.j] = p.d.triangular(min(model.UniformAt(p.seed, it), uMax))
			}
			for _, p := range wk.rest {
				x[p.j] = p.d.sample(model.UniformAt(p.seed, it))
			}
		} else {
			for j, draw := range wk.drawU {
				if draw {
					wk.u[j] = model.UniformAt(wk.seeds[j], it)
				}
			}
		}
		for li, l := range wk.lanes {
			w, s := &l.w, l.s
			w.Iter = it
			switch {
			case wk.single: // drawn above
			case li == 0:
				for j := range s.Params {
					w.X[j] = s.Params[j].dist.sample(wk.u[j])
				}
			default:
				copy(w.X[:len(s.Params)], base.w.X[:len(s.Params)])
				for _, j := range l.redraw {
					w.X[j] = s.Params[j].dist.sample(wk.u[j])
				}
			}
			if err := l.solve(it); err != nil {
				return err
			}
			wk.outcomes[li] = w.Outcome
			if wk.paths != nil {
				wk.paths[li] = -1
				if len(w.Picks) > 0 {
					wk.paths[li] = w.Picks[0]
				}
			}
		}
		switch {
		case wk.pathAcc != nil:
			wk.pathAcc.WorldPaths(wk.outcomes, wk.paths)
		case wk.pairs != nil:
			wk.pairs.World(wk.outcomes)
		}
		if b != nil {
			w := &base.w
			k, P := int(it-start), len(w.Payoff)
			copy(b.X[k*b.Slots:(k+1)*b.Slots], w.X[:b.Slots])
			copy(b.Payoff[k*P:(k+1)*P], w.Payoff)
			b.Outcome[k] = w.Outcome
			b.Path[k] = -1
			if len(w.Picks) > 0 {
				b.Path[k] = w.Picks[0]
			}
		}
	}
	for _, l := range wk.lanes {
		l.scratch.n = end - start
		l.agg.merge(l.scratch)
		cols, c := len(l.w.Payoff), 0 // c is i % cols, without a division per value
		for _, v := range l.pend {
			l.agg.sketches[c].Add(v)
			if c++; c == cols {
				c = 0
			}
		}
	}
	return nil
}

// solve computes the derived values and solves the lane's world, then
// counts it.
func (l *lane) solve(it int64) error {
	s, w := l.s, &l.w
	if err := l.der.derive(w.X); err != nil {
		return l.fail(err, it)
	}
	for t := range w.Flags {
		w.Picks[t] = -1
		clear(w.Flags[t])
	}
	if err := l.solver.Solve(w); err != nil {
		return l.fail(err, it)
	}
	sc := l.scratch
	sc.outcomes[w.Outcome]++
	for t, pick := range w.Picks {
		if pick >= 0 {
			sc.tallies[t][pick]++
		}
		for i, f := range w.Flags[t] {
			if f {
				sc.tallies[t][i]++
			}
		}
	}
	if w.Ties > 0 {
		sc.ties++
	}
	for p, v := range w.Payoff {
		if v-v != 0 { // NaN or ±Inf: an exact sum has no place for it
			return l.fail(nonFinitePayoff(s, p, v), it)
		}
		sc.sum[p].Add(v)
		sc.sumsq[p].AddSquare(v)
		l.pend = append(l.pend, v)
	}
	return nil
}

// fail names the iteration, variant and values of a world error.
func (l *lane) fail(err error, it int64) error {
	var we *WorldError
	if errors.As(err, &we) {
		we.Iter = it
		we.Variant = l.s.Variant
		if we.Values == nil { // a derived value's error lists only those computed
			for j, name := range l.s.Slots() {
				we.Values = append(we.Values, NamedValue{Name: name, Value: l.w.X[j]})
			}
		}
	}
	return err
}

// tiesStamp is the tie rule as results carry it: empty for the default,
// so that runs under it read as before.
func tiesStamp(r model.TieRule) string {
	if r.IsDefault() {
		return ""
	}
	return r.String()
}

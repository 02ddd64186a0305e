package sim

import (
	"math"

	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/stats"
)

// Version is Parley's version, stamped on every result.
const Version = "0.2.0"

// ChunkSize is how many consecutive iterations one unit of work holds.
// Chunks are aligned to absolute iteration numbers, so a shard is a range
// of whole chunks. Payoff sums are exact (see stats.ExactSum), so results do not
// depend on it.
const ChunkSize = 1024

// Result is what a run found: counts and intervals per outcome, payoff
// statistics per party and the model's tallies.
type Result struct {
	Scenario   string  // scenario id
	Title      string  // scenario title
	Hash       string  // content hash of the scenario file and overrides
	Form       string  // the game form
	Variant    string  // applied variant(s); "" is the baseline
	Ties       string  // the tie rule when not the default split ("first", "prefer accept"), else ""
	Seed       uint64  // root seed
	Iterations int64   // worlds solved and counted
	Requested  int64   // worlds asked for (an upper bound when Precision > 0)
	Precision  float64 // the requested 95% half-width, 0 for a fixed count
	Partial    bool    // cancelled before the end: Iterations < what was asked
	Shard      Shard   // the part of the run this result covers
	Version    string

	// PrecisionReached says, when Precision > 0, whether every outcome's
	// half-width ended below it; false means the cap stopped the run.
	PrecisionReached bool
	HalfWidth        float64 // with Precision: the widest outcome half-width at the end

	Outcomes  []OutcomeStat
	Payoffs   []PayoffStat
	Metrics   []PayoffStat // model-specific per-world numbers (Party holds the metric's name)
	Tallies   []TallyStat
	TieWorlds int64 // worlds whose equilibrium path crossed a tie

	agg *aggregate
}

// OutcomeStat is one outcome's frequency with its Wilson 95% interval.
type OutcomeStat struct {
	ID          string
	Label       string
	Count       int64
	Probability float64
	Low, High   float64
}

// PayoffStat summarises one party's payoff across worlds. Quantiles come
// from a sketch with 0.1% accuracy relative to their distance from a
// centre, the median over the first worlds (exact when the payoff takes few distinct values).
// An SD beyond float64 (payoffs near ±1e308) is +Inf; so are interval
// ends beyond it. With no worlds every statistic is NaN.
type PayoffStat struct {
	Party             string
	Name              string
	Mean, SD          float64
	P5, P50, P95      float64
	MeanLow, MeanHigh float64 // normal-approximation 95% interval of the mean
}

// TallyStat is one model-specific table, such as equilibrium paths.
type TallyStat struct {
	Name   string
	Title  string
	Column string
	Multi  bool
	Rows   []TallyRow // in the model's order; reports sort as they need
}

// TallyRow is one row of a tally.
type TallyRow struct {
	Label       string
	Count       int64
	Probability float64
	Low, High   float64
}

// Shard selects part k (0-based) of n equal parts of a run's chunks.
type Shard struct{ Index, Count int }

// aggregate holds everything a run counts. Every field merges exactly
// (integer counts, exact sums, a mergeable sketch), so the totals do not
// depend on which worker or shard counted what.
type aggregate struct {
	_        [64]byte // a worker writes n and ties: no other worker's data on their cache line
	n        int64
	outcomes []int64
	tallies  [][]int64
	ties     int64
	sum      []stats.ExactSum // per party
	sumsq    []stats.ExactSum
	sketches []stats.Sketch
	_        [64]byte
}

// newAggregate returns empty counts for s; shifts are the sketches'
// centres (see sketchShifts), nil for none.
func newAggregate(s *Scenario, shifts []float64) *aggregate {
	a := &aggregate{
		outcomes: model.Padded[int64](len(s.Outcomes)),
		sum:      make([]stats.ExactSum, s.columns()),
		sumsq:    make([]stats.ExactSum, s.columns()),
		sketches: make([]stats.Sketch, s.columns()),
	}
	for p, c := range shifts {
		a.sketches[p] = stats.NewSketch(c)
	}
	for _, t := range s.Tallies() {
		a.tallies = append(a.tallies, model.Padded[int64](len(t.Labels)))
	}
	return a
}

// reset zeroes the counts and sums, keeping the allocated slices.
func (a *aggregate) reset() {
	a.n, a.ties = 0, 0
	clear(a.outcomes)
	for _, t := range a.tallies {
		clear(t)
	}
	for p := range a.sum {
		a.sum[p] = stats.ExactSum{}
		a.sumsq[p] = stats.ExactSum{}
	}
}

func (a *aggregate) merge(o *aggregate) {
	a.n += o.n
	a.ties += o.ties
	for i := range a.outcomes {
		a.outcomes[i] += o.outcomes[i]
	}
	for t := range a.tallies {
		for i := range a.tallies[t] {
			a.tallies[t][i] += o.tallies[t][i]
		}
	}
	for p := range a.sum {
		a.sum[p].Merge(&o.sum[p])
		a.sumsq[p].Merge(&o.sumsq[p])
	}
	for p := range o.sketches {
		a.sketches[p].Merge(&o.sketches[p])
	}
}

// maxHalfWidth is the widest 95% half-width among the outcome
// probabilities, the quantity --precision bounds.
func (a *aggregate) maxHalfWidth() float64 {
	w := 0.0
	for _, k := range a.outcomes {
		lo, hi := stats.Wilson(k, a.n)
		p := float64(k) / float64(a.n)
		w = math.Max(w, math.Max(p-lo, hi-p))
	}
	return w
}

// layout is what a result's rows are: enough to summarise an aggregate,
// and to merge shards, without the scenario.
type layout struct {
	outcomes []Outcome
	parties  []Party
	metrics  []string
	tallies  []TallySpec
}

func layoutOf(s *Scenario) layout {
	return layout{outcomes: s.Outcomes, parties: s.Parties, metrics: s.Metrics(), tallies: s.Tallies()}
}

func (l layout) columns() int { return len(l.parties) + len(l.metrics) }

// layout recovers the rows from the exported statistics.
func (r *Result) layout() layout {
	var l layout
	for _, o := range r.Outcomes {
		l.outcomes = append(l.outcomes, Outcome{ID: o.ID, Label: o.Label})
	}
	for _, p := range r.Payoffs {
		l.parties = append(l.parties, Party{ID: p.Party, Name: p.Name})
	}
	for _, m := range r.Metrics {
		l.metrics = append(l.metrics, m.Party)
	}
	for _, t := range r.Tallies {
		spec := TallySpec{Name: t.Name, Title: t.Title, Column: t.Column, Multi: t.Multi}
		for _, row := range t.Rows {
			spec.Labels = append(spec.Labels, row.Label)
		}
		l.tallies = append(l.tallies, spec)
	}
	return l
}

// summarise turns the aggregate into the exported statistics.
func (r *Result) summarise(l layout) {
	a := r.agg
	r.Iterations = a.n
	r.TieWorlds = a.ties
	r.Outcomes = nil
	for i, o := range l.outcomes {
		lo, hi := stats.Wilson(a.outcomes[i], a.n)
		r.Outcomes = append(r.Outcomes, OutcomeStat{ID: o.ID, Label: o.Label, Count: a.outcomes[i],
			Probability: stats.Ratio(a.outcomes[i], a.n), Low: lo, High: hi})
	}
	r.Payoffs, r.Metrics = nil, nil
	for c := range l.columns() {
		mean, sd := stats.MeanSD(a.n, &a.sum[c], &a.sumsq[c])
		half := sd / math.Sqrt(float64(a.n)) * stats.Z95 // in this order: no overflow for sd near 1.8e308
		sk := &a.sketches[c]
		st := PayoffStat{Mean: mean, SD: sd,
			P5: sk.Quantile(0.05, a.n), P50: sk.Quantile(0.5, a.n), P95: sk.Quantile(0.95, a.n),
			MeanLow: mean - half, MeanHigh: mean + half}
		if c < len(l.parties) {
			st.Party, st.Name = l.parties[c].ID, l.parties[c].Name
			r.Payoffs = append(r.Payoffs, st)
		} else {
			st.Party = l.metrics[c-len(l.parties)]
			st.Name = st.Party
			r.Metrics = append(r.Metrics, st)
		}
	}
	r.Tallies = nil
	for t, spec := range l.tallies {
		ts := TallyStat{Name: spec.Name, Title: spec.Title, Column: spec.Column, Multi: spec.Multi}
		for i, label := range spec.Labels {
			lo, hi := stats.Wilson(a.tallies[t][i], a.n)
			ts.Rows = append(ts.Rows, TallyRow{Label: label, Count: a.tallies[t][i], Probability: stats.Ratio(a.tallies[t][i], a.n), Low: lo, High: hi})
		}
		r.Tallies = append(r.Tallies, ts)
	}
}

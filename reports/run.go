package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/parley-dev/parley/sim"
)

// Provenance is the stamp every table carries: what was run, on which
// inputs, with which seed and how many worlds, by which version.
func Provenance(r *sim.Result) string {
	variant := r.Variant
	if variant == "" {
		variant = "baseline"
	}
	s := fmt.Sprintf("scenario %s · sha256 %s · seed %d · %d iterations · variant %s", r.Scenario, r.Hash, r.Seed, r.Iterations, variant)
	if r.Ties != "" {
		s += " · ties " + r.Ties
	}
	if r.Shard.Count > 0 {
		s += fmt.Sprintf(" · shard %d/%d", r.Shard.Index+1, r.Shard.Count)
	}
	if r.Precision > 0 {
		s += fmt.Sprintf(" · precision ±%g", r.Precision)
		if !r.PrecisionReached {
			s += fmt.Sprintf(" NOT REACHED (widest ±%.2g)", r.HalfWidth)
		}
	}
	if r.Partial {
		s += " · PARTIAL"
	}
	return s + " · parley " + r.Version
}

// RunOptions controls which rows a run report shows.
type RunOptions struct {
	TopPaths int // rows of each tally table; 0 means 10
}

// Run builds the report of one run: outcomes, payoffs and the model's
// tallies (equilibrium paths for a tree).
func Run(r *sim.Result, opt RunOptions) *Document {
	top := cmp.Or(opt.TopPaths, 10)
	d := &Document{Provenance: Provenance(r)}
	if r.Partial {
		d.Notes = append(d.Notes, fmt.Sprintf("PARTIAL RESULT: only %d of %d worlds were solved (cancelled, or shards missing); the numbers describe only those.", r.Iterations, r.Requested))
	}
	if r.Precision > 0 && !r.PrecisionReached && !r.Partial {
		d.Notes = append(d.Notes, precisionNote(r))
	}
	d.Tables = append(d.Tables, OutcomeTable(r), PayoffTable(r))
	if len(r.Metrics) > 0 {
		d.Tables = append(d.Tables, MetricTable(r))
	}
	for _, t := range r.Tallies {
		d.Tables = append(d.Tables, TallyTable(t, top))
	}
	return d
}

// precisionNote says that the iteration cap, not the precision target,
// ended the run.
func precisionNote(r *sim.Result) string {
	return fmt.Sprintf("PRECISION NOT REACHED: the cap of %d worlds stopped the run with a widest 95%% half-width of ±%.2g, above the ±%g asked for; raise --iterations for a tighter result.",
		r.Requested, r.HalfWidth, r.Precision)
}

func prob(p float64) string { return strconv.FormatFloat(p, 'f', 4, 64) }

// num writes a statistic: n/a for NaN (no worlds), overflow for ±Inf (a
// value beyond float64, such as the sd of payoffs near ±1e308), and in
// exponent form from 1e15 up, where three decimals are noise.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case math.IsInf(x, 0):
		return "overflow"
	case math.Abs(x) >= 1e15:
		return strconv.FormatFloat(x, 'g', 7, 64)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// OutcomeTable lists every outcome with its probability and Wilson 95%
// interval.
func OutcomeTable(r *sim.Result) Table {
	t := Table{Name: "outcomes", Title: "Outcomes",
		Header:    []string{"outcome", "label", "probability", "ci_low", "ci_high", "count"},
		Align:     []Align{Left, Left, Right, Right, Right, Right},
		Intervals: []int{3}, IntervalTitles: []string{"95% CI"},
		Optional: []int{5}}
	for _, o := range r.Outcomes {
		t.Rows = append(t.Rows, []string{o.ID, o.Label, prob(o.Probability), prob(o.Low), prob(o.High), strconv.FormatInt(o.Count, 10)})
	}
	t.Note = fmt.Sprintf("%d worlds; 95%% Wilson score intervals for the Monte Carlo error.", r.Iterations)
	if r.TieWorlds > 0 {
		t.Note += fmt.Sprintf(" %d worlds had a tie between best moves, split evenly.", r.TieWorlds)
	}
	return t
}

// PayoffTable summarises each party's payoff across worlds.
func PayoffTable(r *sim.Result) Table {
	t := Table{Name: "payoffs", Title: "Payoffs at equilibrium",
		Header:    []string{"party", "mean", "mean_ci_low", "mean_ci_high", "sd", "p5", "p50", "p95"},
		Align:     []Align{Left, Right, Right, Right, Right, Right, Right, Right},
		Intervals: []int{2}, IntervalTitles: []string{"95% CI of mean"},
		Optional: []int{5, 7, 4, 2}} // p5, p95, sd, then the mean's interval
	for _, p := range r.Payoffs {
		t.Rows = append(t.Rows, []string{p.Party, num(p.Mean), num(p.MeanLow), num(p.MeanHigh), num(p.SD), num(p.P5), num(p.P50), num(p.P95)})
	}
	return t
}

// MetricTable summarises the model's per-world numbers.
func MetricTable(r *sim.Result) Table {
	t := PayoffTable(&sim.Result{Payoffs: r.Metrics})
	t.Name, t.Title, t.Header[0] = "metrics", "Per-world measures", "measure"
	return t
}

// sortedRows orders a tally's rows by count, most frequent first, keeping
// the model's order among equals.
func sortedRows(t sim.TallyStat) []sim.TallyRow {
	rows := slices.Clone(t.Rows)
	slices.SortStableFunc(rows, func(a, b sim.TallyRow) int { return cmp.Compare(b.Count, a.Count) })
	return rows
}

// TallyTable shows the top rows of a model tally with intervals.
func TallyTable(t sim.TallyStat, top int) Table {
	tb := Table{Name: t.Name, Title: t.Title,
		Header:    []string{t.Column, "probability", "ci_low", "ci_high", "count"},
		Align:     []Align{Left, Right, Right, Right, Right},
		Intervals: []int{2}, IntervalTitles: []string{"95% CI"},
		Optional: []int{4}}
	shown, hidden := 0, 0
	for _, row := range sortedRows(t) {
		if row.Count == 0 {
			continue
		}
		if shown == top {
			hidden++
			continue
		}
		shown++
		tb.Rows = append(tb.Rows, []string{row.Label, prob(row.Probability), prob(row.Low), prob(row.High), strconv.FormatInt(row.Count, 10)})
	}
	if hidden > 0 {
		tb.Note = fmt.Sprintf("%d rarer rows not shown (all are in --format json).", hidden)
	}
	if shown == 0 {
		tb.Note = "No world counted here."
	}
	return tb
}

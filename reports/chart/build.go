package chart

import (
	"fmt"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// label names an outcome by its label, or its id when it has none.
func label(id, lbl string) string {
	if lbl != "" {
		return lbl
	}
	return id
}

func variantName(v string) string {
	if v == "" {
		return "baseline"
	}
	return v
}

// Outcomes charts a run's outcome probabilities with their Wilson 95%
// intervals: the numbers of the run's outcomes table.
func Outcomes(r *sim.Result) *Data {
	d := &Data{Kind: Dots, Name: "outcomes", Title: "Outcome probabilities",
		XLabel: "probability (dot) with 95% interval", Caption: reports.Provenance(r)}
	s := Series{Name: "probability"}
	for _, o := range r.Outcomes {
		d.Categories = append(d.Categories, label(o.ID, o.Label))
		s.Values = append(s.Values, o.Probability)
		s.Low = append(s.Low, o.Low)
		s.High = append(s.High, o.High)
	}
	d.Series = []Series{s}
	return d
}

// Payoffs charts each party's payoff distribution at equilibrium: the
// median with the 5th and 95th percentiles, and the mean with its 95%
// interval, the numbers of the run's payoffs table.
func Payoffs(r *sim.Result) *Data {
	d := &Data{Kind: Dots, Name: "payoffs", Title: "Payoffs at equilibrium",
		XLabel: "payoff", Caption: reports.Provenance(r)}
	spreads(d, r.Payoffs, func(p sim.PayoffStat) string { return label(p.Party, p.Name) })
	return d
}

// spreads adds to d the two series of a distribution per row: the median
// with the 5th and 95th percentiles, and the mean with its interval.
func spreads(d *Data, stats []sim.PayoffStat, name func(sim.PayoffStat) string) {
	spread := Series{Name: "median, 5th to 95th percentile"}
	mean := Series{Name: "mean with 95% interval"}
	for _, p := range stats {
		d.Categories = append(d.Categories, name(p))
		spread.Values = append(spread.Values, p.P50)
		spread.Low = append(spread.Low, p.P5)
		spread.High = append(spread.High, p.P95)
		mean.Values = append(mean.Values, p.Mean)
		mean.Low = append(mean.Low, p.MeanLow)
		mean.High = append(mean.High, p.MeanHigh)
	}
	d.Series = []Series{spread, mean}
}

// Metrics charts the distribution over worlds of a form's per-world
// measures (a deal's surplus, a spatial model's forecast per dimension,
// its rounds, each actor's final position): the metrics table's median,
// 5th and 95th percentiles and mean. Nil when the form has none.
func Metrics(r *sim.Result) *Data {
	if len(r.Metrics) == 0 {
		return nil
	}
	d := &Data{Kind: Dots, Name: "metrics", Title: "Per-world measures across the sampled worlds",
		XLabel: "value", Caption: reports.Provenance(r)}
	spreads(d, r.Metrics, func(m sim.PayoffStat) string { return m.Party })
	return d
}

// Differences charts a comparison's paired differences from the
// baseline, one row per variant and outcome: the diff columns of the
// comparison's outcomes table.
func Differences(c *analysis.Comparison) *Data {
	d := &Data{Kind: Dots, Name: "outcomes", Title: "Change in each outcome's probability from the baseline",
		XLabel: "paired difference in probability (dot) with 95% interval", Caption: reports.Compare(c).Provenance,
		HasReference: true, ReferenceLabel: "no change"}
	s := Series{Name: "paired difference"}
	for _, v := range c.Variants {
		if v.Variant == "" {
			continue
		}
		for k, o := range v.Result.Outcomes {
			df := v.Diffs[k]
			d.Categories = append(d.Categories, variantName(v.Variant)+": "+o.ID)
			s.Values = append(s.Values, df.Diff)
			s.Low = append(s.Low, df.Low)
			s.High = append(s.High, df.High)
		}
	}
	d.Series = []Series{s}
	return d
}

// Attribution charts a Shapley attribution as a waterfall: from the
// baseline probability, each factor's share in turn, then the total
// change. The rows of the attribution's factors table.
func Attribution(a *analysis.Attribution) *Data {
	d := &Data{Kind: Waterfall, Name: "factors",
		Title:   fmt.Sprintf("Attribution of the change in P(%s) among the factors (Shapley values)", a.Outcome),
		XLabel:  fmt.Sprintf("P(%s): each bar is one factor's share of the change, with its 95%% interval", a.Outcome),
		Caption: reports.Attribute(a).Provenance, Start: a.Baseline,
		Reference: a.Baseline, HasReference: true, ReferenceLabel: fmt.Sprintf("P(%s) with no factor applied", a.Outcome)}
	s := Series{Name: "Shapley share"}
	for _, f := range a.Factors {
		d.Categories = append(d.Categories, f.Factor)
		s.Values = append(s.Values, f.Shapley)
		s.Low = append(s.Low, f.Low)
		s.High = append(s.High, f.High)
	}
	d.Categories = append(d.Categories, "total")
	s.Values = append(s.Values, a.Total.Diff)
	s.Low = append(s.Low, a.Total.Low)
	s.High = append(s.High, a.Total.High)
	d.Series = []Series{s}
	return d
}

// Tornado charts a sensitivity analysis: for each parameter, the
// outcome's probability in the worlds where the parameter is in its
// bottom fifth and in its top fifth, as bars from the overall
// probability. The rows of the tornado table, in its order.
func Tornado(r *analysis.SensitivityResult) *Data {
	d := &Data{Kind: Bars, Name: "tornado", Title: fmt.Sprintf("What drives P(%s)", r.Outcome),
		XLabel:  fmt.Sprintf("P(%s) in the worlds where the parameter is in its bottom or top fifth", r.Outcome),
		Caption: reports.Sensitivity(r).Provenance, Reference: r.P, HasReference: true,
		ReferenceLabel: fmt.Sprintf("P(%s) over all worlds", r.Outcome)}
	lo := Series{Name: "bottom fifth of the parameter"}
	hi := Series{Name: "top fifth of the parameter"}
	for _, p := range r.Params {
		d.Categories = append(d.Categories, p.Param)
		lo.Values = append(lo.Values, p.Low)
		lo.Low = append(lo.Low, p.LowCILow)
		lo.High = append(lo.High, p.LowCIHigh)
		hi.Values = append(hi.Values, p.High)
		hi.Low = append(hi.Low, p.HighCILow)
		hi.High = append(hi.High, p.HighCIHigh)
	}
	d.Series = []Series{lo, hi}
	return d
}

// Sweep charts a one-parameter sweep: each outcome's probability over the
// swept values, with its 95% interval as a band. The rows of the sweep
// table. A two-parameter sweep has no chart: its table is a grid.
func Sweep(r *analysis.SweepResult) (*Data, error) {
	if len(r.Axes) != 1 {
		return nil, fmt.Errorf("chart of a sweep over %d parameters: only a sweep over one parameter is charted", len(r.Axes))
	}
	d := &Data{Kind: Lines, Name: "sweep", Title: fmt.Sprintf("Outcome probabilities as %s varies", r.Axes[0].Param),
		XLabel: r.Axes[0].Param, YLabel: "probability (band: 95% interval)", Caption: reports.Sweep(r).Provenance}
	if len(r.Points) == 0 {
		return d, nil
	}
	for _, o := range r.Points[0].Result.Outcomes {
		d.Series = append(d.Series, Series{Name: label(o.ID, o.Label)})
	}
	for _, pt := range r.Points {
		d.X = append(d.X, pt.Values[0])
		for k, o := range pt.Result.Outcomes {
			s := &d.Series[k]
			s.Values = append(s.Values, o.Probability)
			s.Low = append(s.Low, o.Low)
			s.High = append(s.High, o.High)
		}
	}
	return d, nil
}

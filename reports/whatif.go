package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim/analysis"
)

func rho(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

func value(x float64) string { return strconv.FormatFloat(x, 'g', 5, 64) }

// Sensitivity builds the report of a sensitivity analysis: a tornado
// table for the outcome and the rank correlations with each payoff.
func Sensitivity(r *analysis.SensitivityResult) *Document {
	d := &Document{Provenance: stamp(r.Stamp, "outcome "+r.Outcome)}
	partialNote(d, r.Stamp)
	t := Table{Name: "tornado", Title: fmt.Sprintf("What drives P(%s) = %s", r.Outcome, prob(r.P)),
		Header: []string{"parameter", "spearman", "p_bottom_quintile", "bottom_ci_low", "bottom_ci_high",
			"p_top_quintile", "top_ci_low", "top_ci_high", "swing", "gap", "gap_between", "tipping values (median world)"},
		Align:          []Align{Left, Right, Right, Right, Right, Right, Right, Right, Right, Right, Left, Left},
		Intervals:      []int{3, 6},
		IntervalTitles: []string{"95% CI", "95% CI"},
		Optional:       []int{10, 3, 6, 1}} // where the gap lies, the quintiles' intervals, then spearman
	for _, p := range r.Params {
		var tips []string
		for _, tp := range p.Tipping {
			tips = append(tips, fmt.Sprintf("%s: %s→%s", value(tp.Value), tp.From, tp.To))
		}
		tip := strings.Join(tips, "; ")
		if tip == "" {
			tip = "none"
		}
		t.Rows = append(t.Rows, []string{p.Param, rho(p.Rho), prob(p.Low), prob(p.LowCILow), prob(p.LowCIHigh),
			prob(p.High), prob(p.HighCILow), prob(p.HighCIHigh), signed(p.Swing), prob(p.Gap.Gap), gapBetween(p.Gap), tip})
	}
	t.Note = rankNote(r.RankedBy) + " Swing: P(outcome) in the parameter's top quintile minus its bottom quintile. Gap: the largest difference in P(outcome) between two deciles of the parameter (gap_between: the decile where the outcome is most likely, then least likely), which also catches effects that rise then fall. Tipping values: where the most likely outcome of the median world changes as the parameter alone moves."
	for _, p := range r.Params {
		if p.Gap.Gap-math.Abs(p.Swing) >= nonMonotone {
			d.Notes = append(d.Notes, fmt.Sprintf("%s: its effect is not monotone (gap %s, swing %s): P(%s) is %s for %s in %s but %s for %s in %s.",
				p.Param, prob(p.Gap.Gap), signed(p.Swing), r.Outcome, prob(p.Gap.High.P), p.Param, binRange(p.Gap.High), prob(p.Gap.Low.P), p.Param, binRange(p.Gap.Low)))
		}
	}
	pt := Table{Name: "payoffs", Title: "Spearman rank correlation of each parameter with each party's payoff",
		Header: append([]string{"parameter"}, r.Parties...), Align: []Align{Left}}
	for range r.Parties {
		pt.Align = append(pt.Align, Right)
	}
	for _, p := range r.Params {
		row := []string{p.Param}
		for _, x := range p.PayoffRho {
			row = append(row, rho(x))
		}
		pt.Rows = append(pt.Rows, row)
	}
	d.Tables = append(d.Tables, t, pt)
	return d
}

// SensitivitySchema names the sensitivity JSON document's version.
const SensitivitySchema = "parley.sensitivity/v1"

// SensitivityJSON is the JSON document of a sensitivity analysis.
type SensitivityJSON struct {
	HeaderJSON
	Outcome     string          `json:"outcome"`
	Probability Number          `json:"probability"`
	Parties     []string        `json:"parties"`
	RankedBy    string          `json:"ranked_by"`
	Parameters  []ParamSensJSON `json:"parameters"`
}

// ParamSensJSON is one parameter's sensitivity.
type ParamSensJSON struct {
	Parameter    string        `json:"parameter"`
	Spearman     Number        `json:"spearman"`
	PayoffRho    []Number      `json:"payoff_spearman"`
	Bottom       Number        `json:"p_bottom_quintile"`
	BottomCILow  Number        `json:"bottom_ci_low"`
	BottomCIHigh Number        `json:"bottom_ci_high"`
	Top          Number        `json:"p_top_quintile"`
	TopCILow     Number        `json:"top_ci_low"`
	TopCIHigh    Number        `json:"top_ci_high"`
	Swing        Number        `json:"swing"`
	Gap          GapJSON       `json:"gap"`
	Tipping      []TippingJSON `json:"tipping"`
}

// GapJSON is the largest difference in P(outcome) between two deciles of
// a parameter, and those deciles.
type GapJSON struct {
	Gap  Number  `json:"gap"`
	High BinJSON `json:"high"`
	Low  BinJSON `json:"low"`
}

// BinJSON is one decile of a parameter.
type BinJSON struct {
	From   Number `json:"from"`
	To     Number `json:"to"`
	Worlds int64  `json:"worlds"`
	P      Number `json:"p"`
	CILow  Number `json:"ci_low"`
	CIHigh Number `json:"ci_high"`
}

func binJSON(b analysis.Bin) BinJSON {
	return BinJSON{Number(b.From), Number(b.To), b.N, Number(b.P), Number(b.CILow), Number(b.CIHigh)}
}

// TippingJSON is one tipping value.
type TippingJSON struct {
	Value Number `json:"value"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// SensitivityDocument builds the JSON document.
func SensitivityDocument(r *analysis.SensitivityResult) *SensitivityJSON {
	doc := &SensitivityJSON{HeaderJSON: header(SensitivitySchema, r.Stamp, Sensitivity(r).Provenance), Outcome: r.Outcome, Probability: Number(r.P),
		Parties: r.Parties, RankedBy: r.RankedBy, Parameters: []ParamSensJSON{}}
	for _, p := range r.Params {
		pj := ParamSensJSON{Parameter: p.Param, Spearman: Number(p.Rho), PayoffRho: numbers(p.PayoffRho), Bottom: Number(p.Low), BottomCILow: Number(p.LowCILow),
			BottomCIHigh: Number(p.LowCIHigh), Top: Number(p.High), TopCILow: Number(p.HighCILow), TopCIHigh: Number(p.HighCIHigh), Swing: Number(p.Swing),
			Gap: GapJSON{Number(p.Gap.Gap), binJSON(p.Gap.High), binJSON(p.Gap.Low)}, Tipping: []TippingJSON{}}
		for _, tp := range p.Tipping {
			pj.Tipping = append(pj.Tipping, TippingJSON{Number(tp.Value), tp.From, tp.To})
		}
		doc.Parameters = append(doc.Parameters, pj)
	}
	return doc
}

// Sweep builds the report of a sweep: one row per grid point.
func Sweep(r *analysis.SweepResult) *Document {
	d := &Document{Provenance: stamp(r.Stamp, "common random numbers")}
	partialNote(d, r.Stamp)
	t := Table{Name: "sweep", Title: "Outcome probabilities over the grid"}
	for _, a := range r.Axes {
		t.Header = append(t.Header, a.Param)
		t.Align = append(t.Align, Right)
	}
	if len(r.Points) == 0 {
		return d
	}
	for _, o := range r.Points[0].Result.Outcomes {
		i := len(t.Header)
		t.Header = append(t.Header, o.ID, o.ID+"_ci_low", o.ID+"_ci_high")
		t.Align = append(t.Align, Right, Right, Right)
		t.Intervals = append(t.Intervals, i+1)
		t.IntervalTitles = append(t.IntervalTitles, "95% CI")
		t.Optional = append(t.Optional, i+1)
	}
	for _, pt := range r.Points {
		var row []string
		for _, v := range pt.Values {
			row = append(row, value(v))
		}
		for _, o := range pt.Result.Outcomes {
			row = append(row, prob(o.Probability), prob(o.Low), prob(o.High))
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = "Each point fixes the swept parameters and samples the rest; all points share the same worlds."
	d.Tables = append(d.Tables, t)
	return d
}

// SweepSchema names the sweep JSON document's version.
const SweepSchema = "parley.sweep/v1"

// SweepJSON is the JSON document of a sweep.
type SweepJSON struct {
	HeaderJSON
	Params []string         `json:"params"`
	Points []SweepPointJSON `json:"points"`
}

// SweepPointJSON is one grid point.
type SweepPointJSON struct {
	Values   []Number      `json:"values"`
	Outcomes []OutcomeJSON `json:"outcomes"`
}

// SweepDocument builds the JSON document.
func SweepDocument(r *analysis.SweepResult) *SweepJSON {
	doc := &SweepJSON{HeaderJSON: header(SweepSchema, r.Stamp, Sweep(r).Provenance), Points: []SweepPointJSON{}}
	for _, a := range r.Axes {
		doc.Params = append(doc.Params, a.Param)
	}
	for _, pt := range r.Points {
		doc.Points = append(doc.Points, SweepPointJSON{Values: numbers(pt.Values), Outcomes: outcomesJSON(pt.Result.Outcomes)})
	}
	return doc
}

// Sobol builds the report of variance-based sensitivity indices.
func Sobol(r *analysis.SobolResult) *Document {
	d := &Document{Provenance: stamp(r.Stamp, "Sobol, "+r.Target)}
	if r.Partial {
		d.Notes = append(d.Notes, fmt.Sprintf("PARTIAL RESULT: only %d of %d base samples were solved.", r.Iterations, r.Requested))
		if r.Resamples == 0 {
			d.Notes = append(d.Notes, "Cancelled before the bootstrap ended: no intervals.")
		}
	}
	t := Table{Name: "sobol", Title: fmt.Sprintf("Sobol indices of %s (mean %s, variance %s)", r.Target, value(r.Mean), value(r.Var)),
		Header:         []string{"parameter", "first_order", "first_ci_low", "first_ci_high", "total", "total_ci_low", "total_ci_high"},
		Align:          []Align{Left, Right, Right, Right, Right, Right, Right},
		Intervals:      []int{2, 5},
		IntervalTitles: []string{"95% CI", "95% CI"}}
	for _, ix := range r.Indices {
		t.Rows = append(t.Rows, []string{ix.Param, rho(ix.First), bound(ix.FirstLo), bound(ix.FirstHi), rho(ix.Total), bound(ix.TotalLo), bound(ix.TotalHi)})
	}
	t.Note = "First order: the share of the variance a parameter explains alone (Saltelli 2010); total: alone and with its interactions (Jansen 1999). Intervals by bootstrap over the base samples."
	d.Tables = append(d.Tables, t)
	return d
}

// SobolSchema names the Sobol JSON document's version.
const SobolSchema = "parley.sobol/v1"

// SobolJSON is the JSON document of a Sobol analysis.
type SobolJSON struct {
	HeaderJSON
	Target   string     `json:"target"`
	Mean     Number     `json:"mean"`
	Variance Number     `json:"variance"`
	Indices  []SobolRow `json:"indices"`
}

// SobolRow is one parameter's indices. The interval bounds are absent
// from a partial result cancelled before its bootstrap ended.
type SobolRow struct {
	Parameter   string   `json:"parameter"`
	First       Number   `json:"first_order"`
	FirstCILow  *float64 `json:"first_ci_low,omitempty"`
	FirstCIHigh *float64 `json:"first_ci_high,omitempty"`
	Total       Number   `json:"total"`
	TotalCILow  *float64 `json:"total_ci_low,omitempty"`
	TotalCIHigh *float64 `json:"total_ci_high,omitempty"`
}

// bound formats an interval bound; NaN is one not computed.
func bound(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return rho(x)
}

// optional is nil for NaN, which JSON cannot hold.
func optional(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

// SobolDocument builds the JSON document.
func SobolDocument(r *analysis.SobolResult) *SobolJSON {
	doc := &SobolJSON{HeaderJSON: header(SobolSchema, r.Stamp, Sobol(r).Provenance), Target: r.Target, Mean: Number(r.Mean), Variance: Number(r.Var), Indices: []SobolRow{}}
	for _, ix := range r.Indices {
		doc.Indices = append(doc.Indices, SobolRow{ix.Param, Number(ix.First), optional(ix.FirstLo), optional(ix.FirstHi), Number(ix.Total), optional(ix.TotalLo), optional(ix.TotalHi)})
	}
	return doc
}

// numbers converts a slice for JSON, where NaN and ±Inf become null.
func numbers(xs []float64) []Number {
	out := make([]Number, len(xs))
	for i, x := range xs {
		out[i] = Number(x)
	}
	return out
}

// nonMonotone is how far a parameter's gap must exceed its |swing| for
// the report to point out a non-monotone effect: well above the gap's
// noise in a default run (a few hundredths).
const nonMonotone = 0.2

// rankNote says which measure sorts the tornado table.
func rankNote(by string) string {
	switch by {
	case analysis.RankByGap:
		return "Ranked by gap, largest first."
	case analysis.RankBySpearman:
		return "Ranked by |spearman|, largest first."
	}
	return "Ranked by |swing|, largest first (--rank-by gap ranks by the gap)."
}

// binRange is a decile's range of values: "0.3–0.4", to three
// significant digits (enough to place a decile).
func binRange(b analysis.Bin) string {
	return strconv.FormatFloat(b.From, 'g', 3, 64) + "–" + strconv.FormatFloat(b.To, 'g', 3, 64)
}

// gapBetween names the two deciles a gap is measured between.
func gapBetween(g analysis.Gap) string {
	if g.High.N == 0 {
		return ""
	}
	return binRange(g.High) + " vs " + binRange(g.Low)
}

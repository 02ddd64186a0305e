package chart_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

var keep = flag.String("keep", "", "write the test charts into this directory, to look at them")

func load(t *testing.T, id string) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Load(id, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var opts = sim.Options{Iterations: 4000, Seed: 3, Workers: 2}

// cells returns a table's column by its header.
func column(t *testing.T, tb reports.Table, name string) []string {
	t.Helper()
	for j, h := range tb.Header {
		if h == name {
			var out []string
			for _, r := range tb.Rows {
				out = append(out, r[j])
			}
			return out
		}
	}
	t.Fatalf("table %s has no column %q (have %v)", tb.Name, name, tb.Header)
	return nil
}

func table(t *testing.T, d *reports.Document, name string) reports.Table {
	t.Helper()
	for _, tb := range d.Tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no table %s", name)
	return reports.Table{}
}

// fixed prints as the tables print probabilities and differences: four
// decimals, never -0.0000.
func fixed(x float64) string {
	s := strconv.FormatFloat(x, 'f', 4, 64)
	if s == "-0.0000" {
		return "0.0000"
	}
	return s
}

func three(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

// same checks that a chart's series prints, number by number, as the
// table's columns.
func same(t *testing.T, s chart.Series, tb reports.Table, format func(float64) string, value, low, high string) {
	t.Helper()
	for _, c := range []struct {
		name string
		xs   []float64
	}{{value, s.Values}, {low, s.Low}, {high, s.High}} {
		col := column(t, tb, c.name)
		if len(col) < len(c.xs) {
			t.Fatalf("%s: table has %d rows, chart %d", c.name, len(col), len(c.xs))
		}
		for i, x := range c.xs {
			if got := format(x); got != col[i] {
				t.Errorf("%s row %d: chart draws %s, table says %s", c.name, i, got, col[i])
			}
		}
	}
}

// render draws d in every format and checks that each file looks like
// its format and is not trivially small.
func render(t *testing.T, d *chart.Data) {
	t.Helper()
	magic := map[string]string{"svg": "<?xml", "png": "\x89PNG", "pdf": "%PDF"}
	for _, f := range chart.Formats() {
		var buf bytes.Buffer
		if err := chart.Write(&buf, d, f, chart.Options{}); err != nil {
			t.Fatalf("%s as %s: %v", d.Name, f, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte(magic[f])) || buf.Len() < 2000 {
			t.Errorf("%s as %s: %d bytes starting %q", d.Name, f, buf.Len(), buf.Bytes()[:min(8, buf.Len())])
		}
		if *keep != "" {
			os.WriteFile(filepath.Join(*keep, d.Name+"-"+strings.ReplaceAll(d.Title[:8], " ", "_")+"."+f), buf.Bytes(), 0o644)
		}
	}
	svg, err := chart.InlineSVG(d, chart.Options{}, "c1")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<svg role="img"`, `<title id="c1-title">`, `<desc id="c1-desc">`, "viewBox"} {
		if !strings.Contains(svg, want) {
			t.Errorf("inline svg of %s lacks %s", d.Name, want)
		}
	}
	if strings.Contains(svg, "<?xml") {
		t.Errorf("inline svg of %s keeps the XML prologue", d.Name)
	}
}

func TestRunCharts(t *testing.T) {
	for _, id := range []string{"istanbul-2025", "istanbul-2025-issues", "chicken", "istanbul-2025-spatial"} {
		t.Run(id, func(t *testing.T) {
			r, err := sim.Run(context.Background(), load(t, id), opts)
			if err != nil {
				t.Fatal(err)
			}
			doc := reports.Run(r, reports.RunOptions{})
			oc := chart.Outcomes(r)
			same(t, oc.Series[0], table(t, doc, "outcomes"), fixed, "probability", "ci_low", "ci_high")
			if oc.Caption != doc.Provenance {
				t.Errorf("caption %q, stamp %q", oc.Caption, doc.Provenance)
			}
			pc := chart.Payoffs(r)
			pt := table(t, doc, "payoffs")
			same(t, pc.Series[0], pt, three, "p50", "p5", "p95")
			same(t, pc.Series[1], pt, three, "mean", "mean_ci_low", "mean_ci_high")
			render(t, oc)
			render(t, pc)
			if mc := chart.Metrics(r); mc != nil { // issues: surplus and ZOPA; spatial: the forecasts
				mt := table(t, doc, "metrics")
				same(t, mc.Series[0], mt, three, "p50", "p5", "p95")
				same(t, mc.Series[1], mt, three, "mean", "mean_ci_low", "mean_ci_high")
				render(t, mc)
			} else if len(r.Metrics) > 0 {
				t.Error("no metrics chart for a form with metrics")
			}
		})
	}
}

func TestAnalysisCharts(t *testing.T) {
	ctx := context.Background()
	s := load(t, "istanbul-2025")
	c, err := analysis.Compare(ctx, s, [][]string{{"no_drone_deal"}, {"no_india"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	dc := chart.Differences(c)
	ct := table(t, reports.Compare(c), "outcomes")
	ct.Rows = ct.Rows[len(c.Variants[0].Result.Outcomes):] // the baseline has no differences
	same(t, dc.Series[0], ct, fixed, "diff", "diff_ci_low", "diff_ci_high")
	render(t, dc)

	a, err := analysis.Attribute(ctx, s, []string{"no_drone_deal", "no_india"}, "collapse", opts)
	if err != nil {
		t.Fatal(err)
	}
	ac := chart.Attribution(a)
	same(t, ac.Series[0], table(t, reports.Attribute(a), "factors"), fixed, "shapley", "ci_low", "ci_high")
	if ac.Categories[len(ac.Categories)-1] != "total" || ac.Start != a.Baseline {
		t.Errorf("waterfall: categories %v, start %v", ac.Categories, ac.Start)
	}
	render(t, ac)

	sr, err := analysis.Sensitivity(ctx, s, "collapse", opts)
	if err != nil {
		t.Fatal(err)
	}
	tc := chart.Tornado(sr)
	tt := table(t, reports.Sensitivity(sr), "tornado")
	same(t, tc.Series[0], tt, fixed, "p_bottom_quintile", "bottom_ci_low", "bottom_ci_high")
	same(t, tc.Series[1], tt, fixed, "p_top_quintile", "top_ci_low", "top_ci_high")
	if got := column(t, tt, "parameter"); strings.Join(got, ",") != strings.Join(tc.Categories, ",") {
		t.Errorf("tornado rows %v, table %v", tc.Categories, got)
	}
	render(t, tc)

	sw, err := analysis.Sweep(ctx, s, []analysis.Axis{analysis.LinearAxis("breach_cost", 0, 6, 7)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	wc, err := chart.Sweep(sw)
	if err != nil {
		t.Fatal(err)
	}
	wt := table(t, reports.Sweep(sw), "sweep")
	for k, o := range sw.Points[0].Result.Outcomes {
		same(t, wc.Series[k], wt, fixed, o.ID, o.ID+"_ci_low", o.ID+"_ci_high")
	}
	render(t, wc)
}

func TestFormatOf(t *testing.T) {
	for _, c := range []struct{ path, want string }{{"a.svg", "svg"}, {"b/C.PNG", "png"}, {"x.pdf", "pdf"}, {"x.jpg", ""}, {"x", ""}} {
		got, err := chart.FormatOf(c.path)
		if got != c.want || (err != nil) != (c.want == "") {
			t.Errorf("FormatOf(%q) = %q, %v", c.path, got, err)
		}
	}
}

// An empty quintile's probability is NaN: the row is left out of the
// drawing (its table says NaN), and a chart with nothing finite is an error.
func TestNonFiniteValues(t *testing.T) {
	nan := math.NaN()
	d := &chart.Data{Kind: chart.Bars, Name: "tornado", Title: "T", Categories: []string{"a", "b"}, HasReference: true, Reference: 0.5,
		Series: []chart.Series{{Name: "bottom", Values: []float64{nan, 0.4}, Low: []float64{0, 0.3}, High: []float64{1, 0.5}}}}
	if err := chart.Write(io.Discard, d, "svg", chart.Options{}); err != nil {
		t.Errorf("a chart with one NaN row: %v", err)
	}
	d.Series[0].Values[1] = nan
	if err := chart.Write(io.Discard, d, "svg", chart.Options{}); err == nil {
		t.Error("a chart of nothing but NaN was drawn")
	}
	d.Series[0].Values = d.Series[0].Values[:1]
	if err := chart.Write(io.Discard, d, "svg", chart.Options{}); err == nil {
		t.Error("a series shorter than its categories was drawn")
	}
}

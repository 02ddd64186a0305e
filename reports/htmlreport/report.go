package htmlreport

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
	"gonum.org/v1/plot/vg"
)

// Input is everything a report shows. Only Scenario and Run are needed;
// a nil analysis has no section.
type Input struct {
	Scenario *sim.Scenario // as run: with its variants and overrides applied
	Command  string        // the command that reproduces the report
	Run      *sim.Result
	Top      int // rows of each tally table; 0 means 10

	Compare     *analysis.Comparison
	Attribution *analysis.Attribution
	Sensitivity *analysis.SensitivityResult
	Sweeps      []*analysis.SweepResult

	// Notes are said at the top of the page: an analysis left out, and why.
	Notes []string
}

// page is what the template draws.
type page struct {
	Title, Source, Description, Command, Stamp string
	Notes                                      []string
	Sections                                   []section
}

// section is one part of the page, listed in its contents.
type section struct {
	ID, Heading, Intro string
	Blocks             []block
}

// block is a chart, or a table, or both: a chart and the table of its
// numbers.
type block struct {
	Figure *figure
	Tables []table
}

type figure struct {
	SVG     template.HTML
	Caption string
}

type table struct {
	ID, Title, Note, Stamp string
	Header                 []string
	Right                  []bool
	Rows                   [][]string
}

//go:embed report.html.tmpl
var pageTemplate string

//go:embed style.css
var style string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"style": func() template.CSS { return template.CSS(style) },
}).Parse(pageTemplate))

// Write writes the report of in to w.
func Write(w io.Writer, in *Input) error {
	p, err := build(in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer // whole, or nothing: no half page on an error
	if err := tmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// fromDocument turns the tables of a text report into the page's tables,
// interval pairs joined as the text formats show them, each with the
// document's stamp.
func fromDocument(d *reports.Document, prefix string) []table {
	var out []table
	for _, t := range d.Tables {
		t = t.Display()
		ht := table{ID: prefix + t.Name, Title: t.Title, Note: t.Note, Stamp: d.Provenance, Header: t.Header, Rows: t.Rows}
		for _, a := range t.Align {
			ht.Right = append(ht.Right, a == reports.Right)
		}
		out = append(out, ht)
	}
	return out
}

// pick removes the named table from ts and returns it.
func pick(ts *[]table, id string) []table {
	for i, t := range *ts {
		if t.ID == id {
			*ts = append((*ts)[:i], (*ts)[i+1:]...)
			return []table{t}
		}
	}
	return nil
}

// charted draws d as an inline SVG figure; ids number the page's charts.
type charted struct{ n int }

func (c *charted) figure(d *chart.Data) (*figure, error) {
	if !d.Drawable() { // the table says NaN: nothing to draw, and no reason to fail the page
		return &figure{Caption: d.Title + ": no value to draw."}, nil
	}
	c.n++
	// 5.5 inches (528 px): shown at most 44rem wide on a wide screen,
	// and shrunk by no more than a third on a phone, so that its text
	// stays legible on both.
	svg, err := chart.InlineSVG(d, chart.Options{Width: 5.5 * vg.Inch}, fmt.Sprintf("chart%d", c.n))
	if err != nil {
		return nil, err
	}
	// The stamp is drawn in the chart too; here it is text a screen
	// reader reads and a search finds.
	return &figure{SVG: template.HTML(svg), Caption: fmt.Sprintf("Figure %d · %s", c.n, d.Caption)}, nil
}

func build(in *Input) (*page, error) {
	s, r := in.Scenario, in.Run
	stamp := reports.Provenance(r)
	p := &page{Title: s.Title, Source: s.Source, Description: s.Description, Command: in.Command, Stamp: stamp, Notes: in.Notes}
	if r.Partial {
		p.Notes = append(p.Notes, fmt.Sprintf("PARTIAL RESULT: only %d of %d worlds were solved.", r.Iterations, r.Requested))
	}
	if p.Title == "" {
		p.Title = s.ID
	}
	scen := section{ID: "scenario", Heading: "The scenario", Blocks: []block{{Tables: []table{partyTable(s, stamp), paramTable(s, stamp)}}}}
	if len(s.Variants) > 0 {
		scen.Blocks = append(scen.Blocks, block{Tables: []table{variantTable(s, stamp)}})
	}
	p.Sections = append(p.Sections, scen)
	c := &charted{}
	run, err := runSection(c, r, in.Top)
	if err != nil {
		return nil, err
	}
	p.Sections = append(p.Sections, run)
	for _, f := range []func(*charted, *Input) (*section, error){compareSection, attributeSection, sensitivitySection, sweepSection} {
		sec, err := f(c, in)
		if err != nil {
			return nil, err
		}
		if sec != nil {
			p.Sections = append(p.Sections, *sec)
		}
	}
	return p, nil
}

func runSection(c *charted, r *sim.Result, top int) (section, error) {
	doc := reports.Run(r, reports.RunOptions{TopPaths: top})
	tables := fromDocument(doc, "")
	sec := section{ID: "run", Heading: "Outcomes",
		Intro: fmt.Sprintf("The game solved in %d sampled worlds. Intervals are 95%% intervals for the Monte Carlo error.", r.Iterations)}
	oc, err := c.figure(chart.Outcomes(r))
	if err != nil {
		return sec, err
	}
	pc, err := c.figure(chart.Payoffs(r))
	if err != nil {
		return sec, err
	}
	sec.Blocks = append(sec.Blocks, block{Figure: oc, Tables: pick(&tables, "outcomes")},
		block{Figure: pc, Tables: pick(&tables, "payoffs")})
	if md := chart.Metrics(r); md != nil { // the form's own measures: a forecast's distribution
		mc, err := c.figure(md)
		if err != nil {
			return sec, err
		}
		sec.Blocks = append(sec.Blocks, block{Figure: mc, Tables: pick(&tables, "metrics")})
	}
	if len(tables) > 0 { // the model's tallies: paths, packages, blockers, equilibria
		sec.Blocks = append(sec.Blocks, block{Tables: tables})
	}
	return sec, nil
}

func compareSection(c *charted, in *Input) (*section, error) {
	if in.Compare == nil {
		return nil, nil
	}
	var names []string
	for _, v := range in.Compare.Variants[1:] {
		names = append(names, v.Variant)
	}
	tables := fromDocument(reports.Compare(in.Compare), "compare-")
	fig, err := c.figure(chart.Differences(in.Compare))
	if err != nil {
		return nil, err
	}
	return &section{ID: "compare", Heading: "What if: the variants compared",
		Intro:  "Each variant (" + strings.Join(names, ", ") + ") is solved on the same sampled worlds as the baseline, so the differences are paired and their intervals narrow.",
		Blocks: []block{{Figure: fig, Tables: tables}}}, nil
}

func attributeSection(c *charted, in *Input) (*section, error) {
	a := in.Attribution
	if a == nil {
		return nil, nil
	}
	fig, err := c.figure(chart.Attribution(a))
	if err != nil {
		return nil, err
	}
	return &section{ID: "attribute", Heading: "What if: which factor explains the change",
		Intro:  fmt.Sprintf("The change in P(%s) from the baseline to every factor applied (%s), split among the factors by Shapley values: the shares add up to the total change.", a.Outcome, factorNames(a)),
		Blocks: []block{{Figure: fig, Tables: fromDocument(reports.Attribute(a), "attribute-")}}}, nil
}

func sensitivitySection(c *charted, in *Input) (*section, error) {
	r := in.Sensitivity
	if r == nil {
		return nil, nil
	}
	fig, err := c.figure(chart.Tornado(r))
	if err != nil {
		return nil, err
	}
	return &section{ID: "sensitivity", Heading: "Which inputs matter",
		Intro:  fmt.Sprintf("For each uncertain parameter, P(%s) in the worlds where it is in its bottom and its top fifth (the tornado), and the values at which the median world's most likely outcome tips.", r.Outcome),
		Blocks: []block{{Figure: fig, Tables: fromDocument(reports.Sensitivity(r), "sensitivity-")}}}, nil
}

func sweepSection(c *charted, in *Input) (*section, error) {
	if len(in.Sweeps) == 0 {
		return nil, nil
	}
	sec := &section{ID: "sweeps", Heading: "Sweeps",
		Intro: "Each sweep fixes one parameter at each value of a grid and samples the others; every point is solved on the same worlds."}
	for i, sw := range in.Sweeps {
		d, err := chart.Sweep(sw)
		if err != nil {
			return nil, err
		}
		fig, err := c.figure(d)
		if err != nil {
			return nil, err
		}
		sec.Blocks = append(sec.Blocks, block{Figure: fig, Tables: fromDocument(reports.Sweep(sw), fmt.Sprintf("sweep%d-", i+1))})
	}
	return sec, nil
}

func factorNames(a *analysis.Attribution) string {
	var names []string
	for _, f := range a.Factors {
		names = append(names, f.Factor)
	}
	return strings.Join(names, ", ")
}

package web

import (
	"html/template"

	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim"
)

// outcomeChart is the explorer's chart: the outcome probabilities with
// their 95% intervals, drawn by reports/chart (the chart `parley run
// --chart` writes), inline in the page. It is the only place the
// explorer draws a chart.
func outcomeChart(r *sim.Result) (template.HTML, error) {
	svg, err := chart.InlineSVG(chart.Outcomes(r), chart.Options{}, "outcome-chart")
	if err != nil {
		return "", err
	}
	// InlineSVG escapes every name it writes (html.EscapeString and the
	// SVG writer's own escaping), so the element is safe as HTML.
	return template.HTML(svg), nil
}

package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot draws d's data on a new plot and returns it with its legend,
// which Write places under the plot (inside it, it would hide data).
func newPlot(d *Data) (*plot.Plot, *plot.Legend, error) {
	p := plot.New()
	p.Title.Text = d.Title
	p.Title.TextStyle.Font.Size = 12
	p.X.Label.Text, p.Y.Label.Text = d.XLabel, d.YLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 10
		a.Tick.Label.Font.Size = 9
	}
	leg := plot.NewLegend()
	leg.TextStyle.Font.Size = 9
	leg.Left, leg.Top = true, true
	leg.ThumbnailWidth = vg.Points(24)
	leg.Padding = vg.Points(4)
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridColor, gridColor
	if d.Kind != Lines {
		grid.Horizontal.Color = nil
	}
	p.Add(grid)
	var err error
	switch d.Kind {
	case Dots:
		err = addIntervals(p, &leg, d)
	case Waterfall:
		err = addWaterfall(p, &leg, d)
	case Bars:
		err = addTornado(p, &leg, d)
	case Lines:
		err = addLines(p, &leg, d)
	default:
		err = fmt.Errorf("unknown kind %d", d.Kind)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("chart %s: %w", d.Name, err)
	}
	if d.Kind != Lines {
		names := slices.Clone(d.Categories)
		slices.Reverse(names) // the first category on top
		p.NominalY(names...)
		p.Y.Min, p.Y.Max = -0.6, float64(len(names))-0.4
		if d.HasReference {
			addReference(p, &leg, d)
		}
	}
	if !(d.Kind == Dots && d.Name == "outcomes" && !d.HasReference) { // not the fixed 0..1 scale
		margin := 0.04 * (p.X.Max - p.X.Min)
		p.X.Min, p.X.Max = p.X.Min-margin, p.X.Max+margin
	}
	return p, &leg, nil
}

// row is category i's height on the plot: the first at the top. dodge
// separates a category's series.
func row(d *Data, i, k int) float64 {
	y := float64(len(d.Categories) - 1 - i)
	if m := len(d.Series); m > 1 {
		y += 0.32 * (float64(m-1)/2 - float64(k)) / float64(m-1)
	}
	return y
}

// addPoints draws values with their interval whiskers and adds a legend
// entry when there is more than one series.
func addPoints(p *plot.Plot, leg *plot.Legend, w whiskers, lk look, name string, named bool) error {
	eb, err := plotter.NewXErrorBars(w)
	if err != nil {
		return err
	}
	eb.LineStyle = draw.LineStyle{Color: lk.color, Width: vg.Points(1.2)}
	eb.CapWidth = vg.Points(6)
	sc, err := plotter.NewScatter(w)
	if err != nil {
		return err
	}
	sc.GlyphStyle = lk.glyph
	p.Add(eb, sc)
	if named {
		leg.Add(name, sc)
	}
	return nil
}

func addIntervals(p *plot.Plot, leg *plot.Legend, d *Data) error {
	for k, s := range d.Series {
		w := whiskers{}
		for i := range s.Values {
			if finite(s.Values[i], s.Low[i], s.High[i]) {
				w.add(s.Values[i], row(d, i, k), s.Low[i], s.High[i])
			}
		}
		if w.Len() == 0 {
			continue
		}
		if err := addPoints(p, leg, w, lookOf(k), s.Name, len(d.Series) > 1); err != nil {
			return err
		}
	}
	if d.Name == "outcomes" && !d.HasReference { // probabilities: the whole scale
		p.X.Min, p.X.Max = 0, 1
	}
	return nil
}

// addWaterfall draws each category's bar from where the last ended;
// the last category, the total, runs from the start.
func addWaterfall(p *plot.Plot, leg *plot.Legend, d *Data) error {
	s := d.Series[0]
	lk := lookOf(0)
	b := &bars{Half: 0.3, Fill: faded(lk.color, 0x70), Edge: draw.LineStyle{Color: lk.color, Width: vg.Points(1)}}
	w := whiskers{}
	at := d.Start
	last := len(s.Values) - 1
	for i, v := range s.Values {
		if !finite(v, s.Low[i], s.High[i]) {
			continue
		}
		from := at
		if i == last {
			from = d.Start
		}
		b.From, b.To, b.Y = append(b.From, from), append(b.To, from+v), append(b.Y, row(d, i, 0))
		w.X, w.Y = append(w.X, from+v), append(w.Y, row(d, i, 0))
		w.Low, w.High = append(w.Low, from+s.Low[i]), append(w.High, from+s.High[i])
		at += v
	}
	p.Add(b)
	leg.Add(s.Name+" (bar), with its 95% interval", b)
	return addPoints(p, leg, w, lk, "", false)
}

// addTornado draws, per category, one bar per series from the
// reference to the series' value.
func addTornado(p *plot.Plot, leg *plot.Legend, d *Data) error {
	for k, s := range d.Series {
		lk := lookOf(k)
		b := &bars{Half: 0.14, Fill: faded(lk.color, 0x60), Edge: lk.line}
		b.Edge.Width = vg.Points(1)
		w := whiskers{}
		for i, v := range s.Values {
			if !finite(v, s.Low[i], s.High[i]) {
				continue // an empty quintile: no bar
			}
			y := row(d, i, k)
			b.From, b.To, b.Y = append(b.From, d.Reference), append(b.To, v), append(b.Y, y)
			w.add(v, y, s.Low[i], s.High[i])
		}
		if w.Len() == 0 {
			continue
		}
		p.Add(b)
		if err := addPoints(p, leg, w, lk, "", false); err != nil {
			return err
		}
		sc, err := plotter.NewScatter(w) // the legend's marker
		if err != nil {
			return err
		}
		sc.GlyphStyle = lk.glyph
		leg.Add(s.Name, b, sc)
	}
	return nil
}

// addReference draws the reference as a dashed vertical line.
func addReference(p *plot.Plot, leg *plot.Legend, d *Data) {
	l, err := plotter.NewLine(plotter.XYs{{X: d.Reference, Y: p.Y.Min}, {X: d.Reference, Y: p.Y.Max}})
	if err != nil {
		return // a non-finite reference: no line
	}
	l.LineStyle = draw.LineStyle{Color: grey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	p.Add(l)
	leg.Add(fmt.Sprintf("%s, %s", cmp.Or(d.ReferenceLabel, "reference"), short(d.Reference)), l)
}

// addLines draws each series as a line with markers over its interval
// band.
func addLines(p *plot.Plot, leg *plot.Legend, d *Data) error {
	for k, s := range d.Series {
		lk := lookOf(k)
		var band, pts plotter.XYs
		var highs []plotter.XY
		for i, x := range d.X {
			if !finite(x, s.Values[i], s.Low[i], s.High[i]) {
				continue
			}
			band = append(band, plotter.XY{X: x, Y: s.Low[i]})
			pts = append(pts, plotter.XY{X: x, Y: s.Values[i]})
			highs = append(highs, plotter.XY{X: x, Y: s.High[i]})
		}
		if len(pts) == 0 {
			continue
		}
		slices.Reverse(highs)
		band = append(band, highs...)
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return err
		}
		poly.Color, poly.LineStyle.Width = faded(lk.color, 0x38), 0
		line, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return err
		}
		line.LineStyle, sc.GlyphStyle = lk.line, lk.glyph
		p.Add(poly, line, sc)
		leg.Add(s.Name, line, sc)
	}
	p.Y.Min, p.Y.Max = 0, 1
	return nil
}

// finite reports whether every x is a number: a statistic of no worlds
// (an empty quintile, a run of no worlds) is NaN, and is not drawn.
func finite(xs ...float64) bool {
	return !slices.ContainsFunc(xs, func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) })
}

// Drawable reports whether d has at least one point to draw: every
// value of a run of no worlds is NaN.
func (d *Data) Drawable() bool {
	if !finite(d.Start, d.Reference) {
		return false
	}
	for _, s := range d.Series {
		for i := range s.Values {
			if finite(s.Values[i], s.Low[i], s.High[i]) && (d.Kind != Lines || finite(d.X[i])) {
				return true
			}
		}
	}
	return false
}

// captionStyle is the style of the provenance stamp under a chart.
func captionStyle() draw.TextStyle {
	sty := plot.NewLegend().TextStyle // the default handler and font
	sty.Font.Size = 7
	sty.Font.Variant = font.Variant("Sans")
	sty.Color = grey
	return sty
}

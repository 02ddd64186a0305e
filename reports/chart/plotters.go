package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bars draws horizontal bars between From and To at height Y, Half data
// units thick: the floating bars of a waterfall and the arms of a
// tornado, which gonum/plot's BarChart (bars from zero) does not draw.
type bars struct {
	From, To, Y []float64
	Half        float64
	Fill        color.Color
	Edge        draw.LineStyle
}

// Plot implements plot.Plotter.
func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range b.Y {
		x0, x1 := trX(b.From[i]), trX(b.To[i])
		y0, y1 := trY(b.Y[i]-b.Half), trY(b.Y[i]+b.Half)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(b.Fill, c.ClipPolygonXY(pts))
		outline := append(pts, pts[0])
		c.StrokeLines(b.Edge, c.ClipLinesXY(outline)...)
	}
}

// DataRange implements plot.DataRanger.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = b.From[0], b.From[0], b.Y[0]-b.Half, b.Y[0]+b.Half
	for i := range b.Y {
		xmin = min(xmin, b.From[i], b.To[i])
		xmax = max(xmax, b.From[i], b.To[i])
		ymin = min(ymin, b.Y[i]-b.Half)
		ymax = max(ymax, b.Y[i]+b.Half)
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer, for the legend.
func (b *bars) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.Fill, pts)
	c.StrokeLines(b.Edge, append(pts, pts[0]))
}

// whiskers are points with horizontal intervals, as plotter.XErrorBars
// wants them.
type whiskers struct {
	X, Y, Low, High []float64
}

func (w whiskers) Len() int                        { return len(w.X) }
func (w whiskers) XY(i int) (float64, float64)     { return w.X[i], w.Y[i] }
func (w whiskers) XError(i int) (float64, float64) { return w.X[i] - w.Low[i], w.High[i] - w.X[i] }

func (w *whiskers) add(x, y, low, high float64) {
	w.X, w.Y, w.Low, w.High = append(w.X, x), append(w.Y, y), append(w.Low, low), append(w.High, high)
}

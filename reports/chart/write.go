package chart

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Formats are the file formats Write draws, by their extension.
func Formats() []string { return []string{"svg", "png", "pdf"} }

// FormatOf returns the format a file's extension names.
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	for _, f := range Formats() {
		if ext == f {
			return f, nil
		}
	}
	return "", fmt.Errorf("%s: a chart is written as .svg, .png or .pdf, found %q", path, filepath.Ext(path))
}

// Options sets a chart's size. Zero values take the defaults: 7 inches
// wide, and as tall as the rows need.
type Options struct {
	Width, Height vg.Length
}

// layout is where Write puts the plot, its legend and its caption.
type layout struct {
	w, h          vg.Length
	caption       []string
	captionHeight vg.Length
	legendHeight  vg.Length
}

func (d *Data) layout(leg *plot.Legend, opt Options) layout {
	l := layout{w: opt.Width, h: opt.Height}
	if l.w == 0 {
		l.w = 7 * vg.Inch
	}
	sty := captionStyle()
	l.caption = wrap(d.Caption, sty, l.w-vg.Points(16))
	l.captionHeight = vg.Length(len(l.caption))*sty.Font.Size*1.3 + vg.Points(6)
	if r := leg.Rectangle(draw.Canvas{}); r.Size().Y > 0 {
		l.legendHeight = r.Size().Y + vg.Points(10)
	}
	if l.h == 0 {
		plotH := 3.2 * vg.Inch
		if d.Kind != Lines {
			perRow := 0.3 + 0.12*float64(len(d.Series)-1)
			plotH = vg.Length(1.1+perRow*float64(len(d.Categories))) * vg.Inch
			plotH = max(plotH, 2.2*vg.Inch)
		}
		l.h = plotH + l.legendHeight + l.captionHeight
	}
	return l
}

// wrap breaks the stamp at its " · " separators into lines that fit.
func wrap(s string, sty draw.TextStyle, width vg.Length) []string {
	if s == "" {
		return nil
	}
	var lines []string
	cur := ""
	for _, part := range strings.Split(s, " · ") {
		next := part
		if cur != "" {
			next = cur + " · " + part
		}
		if cur != "" && sty.Width(next) > width {
			lines = append(lines, cur)
			next = part
		}
		cur = next
	}
	return append(lines, cur)
}

// Write draws d in format ("svg", "png" or "pdf") to w: the plot, its
// legend under it, and the provenance stamp as its caption.
func Write(w io.Writer, d *Data, format string, opt Options) error {
	if err := d.check(); err != nil {
		return err
	}
	if !d.Drawable() {
		return fmt.Errorf("chart %s: no value is a number (a run of no worlds?)", d.Name)
	}
	p, leg, err := newPlot(d)
	if err != nil {
		return err
	}
	l := d.layout(leg, opt)
	cw, err := newCanvas(l.w, l.h, format)
	if err != nil {
		return fmt.Errorf("chart %s: %w", d.Name, err)
	}
	c := draw.New(cw)
	c.SetColor(plotBackground)
	c.Fill(c.Rectangle.Path())
	pad := vg.Points(8)
	p.Draw(draw.Crop(c, pad/2, -pad, l.legendHeight+l.captionHeight, -pad/2))
	legArea := draw.Crop(c, pad, 0, l.captionHeight, 0)
	legArea.Max.Y = legArea.Min.Y + l.legendHeight - vg.Points(4)
	leg.Draw(legArea)
	sty := captionStyle()
	for i, line := range l.caption {
		y := l.captionHeight - vg.Points(4) - vg.Length(i+1)*sty.Font.Size*1.3
		c.FillText(sty, vg.Point{X: pad, Y: y}, line)
	}
	if _, err := cw.WriteTo(w); err != nil {
		return fmt.Errorf("chart %s: %w", d.Name, err)
	}
	return nil
}

// pngDPI is the resolution of a PNG chart: twice a screen's, so that it
// stays sharp on a slide or a high-density screen.
const pngDPI = 192

func newCanvas(w, h vg.Length, format string) (vg.CanvasWriterTo, error) {
	if format == "png" {
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(pngDPI))}, nil
	}
	return draw.NewFormattedCanvas(w, h, format)
}

// InlineSVG returns the chart as an <svg> element to put inside an HTML
// page: without the XML prologue, sized by CSS through its viewBox, with
// the chart's title and its text alternative (Describe) as <title> and
// <desc>, which screen readers announce.
func InlineSVG(d *Data, opt Options, id string) (string, error) {
	var buf bytes.Buffer
	if err := Write(&buf, d, "svg", opt); err != nil {
		return "", err
	}
	s := buf.String()
	start := strings.Index(s, "<svg")
	if start < 0 {
		return "", fmt.Errorf("chart %s: no <svg> element in the output", d.Name)
	}
	s = s[start:]
	end := strings.Index(s, ">")
	open := s[:end]
	open = strings.Replace(open, "<svg ", fmt.Sprintf(`<svg role="img" aria-labelledby="%[1]s-title %[1]s-desc" class="chart" id="%[1]s" `, id), 1)
	alt := fmt.Sprintf("<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n",
		id, html.EscapeString(d.Title), id, html.EscapeString(d.Describe()+" "+d.Caption))
	return open + ">\n" + alt + s[end+1:], nil
}

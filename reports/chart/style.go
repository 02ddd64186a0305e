package chart

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// palette is Okabe and Ito's colour-blind-safe palette, darkest first.
var palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0x00, 0x00, 0x00, 0xff}, // black
}

// glyphs give each series its own marker shape, so that colour is never
// the only cue.
var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{},
	draw.RingGlyph{}, draw.PlusGlyph{}, draw.BoxGlyph{},
}

// dashes give each line its own pattern, for the same reason.
var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
	{vg.Points(12), vg.Points(4)},
	{vg.Points(4), vg.Points(2), vg.Points(4), vg.Points(6)},
	{vg.Points(1), vg.Points(4)},
}

// look is series k's colour, marker and line.
type look struct {
	color color.RGBA
	glyph draw.GlyphStyle
	line  draw.LineStyle
}

func lookOf(k int) look {
	c := palette[k%len(palette)]
	return look{
		color: c,
		glyph: draw.GlyphStyle{Color: c, Radius: vg.Points(3.5), Shape: glyphs[k%len(glyphs)]},
		line:  draw.LineStyle{Color: c, Width: vg.Points(1.4), Dashes: dashes[k%len(dashes)]},
	}
}

// faded is c made transparent, for interval bands and bars.
func faded(c color.RGBA, alpha uint8) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: alpha}
}

var (
	grey      = color.RGBA{0x55, 0x55, 0x55, 0xff}
	gridColor = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
)

var plotBackground = color.White

package web

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// spaceDrawing is the utility space laid out for SVG: packages, the
// Pareto frontier, the walk-away point, the model's prediction and each
// group's agreement, in pixels.
type spaceDrawing struct {
	W, H         int
	XName, YName string
	Ticks        []tick
	Packages     []dot
	Frontier     string // SVG polyline points
	Walk, Model  dot
	Groups       []dot
	Left, Right  float64 // plot area
	Top, Bottom  float64
}

type dot struct {
	X, Y  float64 // pixels
	Label string
	Value string // "afg 1.2 · pak -3.4"
}

type tick struct {
	X1, Y1, X2, Y2 float64
	TX, TY         float64
	Label          string
	Vertical       bool
}

// groupScore is a group's agreement scored in the utility space.
type groupScore struct {
	Group, Package string
	NoDeal         bool
	X, Y           float64 // utility to the two negotiators
	GainX, GainY   float64 // over the walk-away values
}

func scoreGroups(room Room, m *roleModel, sp *space) []groupScore {
	byLabel := map[string]point{}
	for _, p := range sp.Packages {
		byLabel[p.Label] = p
	}
	var out []groupScore
	for _, e := range room.Entries {
		g := groupScore{Group: e.Group, NoDeal: e.NoDeal}
		p := sp.Walk
		if !e.NoDeal {
			g.Package = packageLabel(m.Issues, e.Agreement)
			p = byLabel[g.Package]
		}
		g.X, g.Y = p.X, p.Y
		g.GainX, g.GainY = p.X-sp.Walk.X, p.Y-sp.Walk.Y
		out = append(out, g)
	}
	return out
}

// frontier is the packages no other package beats for both parties,
// left to right.
func frontier(ps []point) []point {
	var f []point
	for _, p := range ps {
		dominated := slices.ContainsFunc(ps, func(q point) bool {
			return q.X >= p.X && q.Y >= p.Y && (q.X > p.X || q.Y > p.Y)
		})
		if !dominated {
			f = append(f, p)
		}
	}
	slices.SortFunc(f, func(a, b point) int { return cmp.Compare(a.X, b.X) })
	return f
}

func drawSpace(sp *space, scores []groupScore) *spaceDrawing {
	d := &spaceDrawing{W: 640, H: 480, XName: sp.X, YName: sp.Y, Left: 60, Right: 620, Top: 20, Bottom: 430}
	all := append(slices.Clone(sp.Packages), sp.Walk, sp.Predicted)
	x0, x1 := extent(all, func(p point) float64 { return p.X })
	y0, y1 := extent(all, func(p point) float64 { return p.Y })
	px := func(x float64) float64 { return d.Left + (x-x0)/(x1-x0)*(d.Right-d.Left) }
	py := func(y float64) float64 { return d.Bottom - (y-y0)/(y1-y0)*(d.Bottom-d.Top) }
	val := func(x, y float64) string {
		return sp.X + " " + strconv.FormatFloat(x, 'f', 2, 64) + " · " + sp.Y + " " + strconv.FormatFloat(y, 'f', 2, 64)
	}
	for _, p := range sp.Packages {
		d.Packages = append(d.Packages, dot{px(p.X), py(p.Y), p.Label, val(p.X, p.Y)})
	}
	for _, p := range frontier(sp.Packages) {
		d.Frontier += strconv.FormatFloat(px(p.X), 'f', 1, 64) + "," + strconv.FormatFloat(py(p.Y), 'f', 1, 64) + " "
	}
	d.Walk = dot{px(sp.Walk.X), py(sp.Walk.Y), sp.Walk.Label, val(sp.Walk.X, sp.Walk.Y)}
	d.Model = dot{px(sp.Predicted.X), py(sp.Predicted.Y), "model", val(sp.Predicted.X, sp.Predicted.Y)}
	for _, g := range scores {
		d.Groups = append(d.Groups, dot{px(g.X), py(g.Y), g.Group, val(g.X, g.Y)})
	}
	for _, t := range niceTicks(x0, x1) {
		d.Ticks = append(d.Ticks, tick{X1: px(t), Y1: d.Bottom, X2: px(t), Y2: d.Top, TX: px(t), TY: d.Bottom + 16, Label: fmtNum(t), Vertical: true})
	}
	for _, t := range niceTicks(y0, y1) {
		d.Ticks = append(d.Ticks, tick{X1: d.Left, Y1: py(t), X2: d.Right, Y2: py(t), TX: d.Left - 6, TY: py(t) + 4, Label: fmtNum(t)})
	}
	return d
}

// extent is the range of the points with a margin, never empty.
func extent(ps []point, f func(point) float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		lo, hi = math.Min(lo, f(p)), math.Max(hi, f(p))
	}
	pad := math.Max((hi-lo)*0.06, 0.5)
	return lo - pad, hi + pad
}

func niceTicks(lo, hi float64) []float64 {
	step := math.Pow(10, math.Floor(math.Log10((hi-lo)/4)))
	for (hi-lo)/step > 8 {
		step *= 2
	}
	var ts []float64
	for t := math.Ceil(lo/step) * step; t <= hi; t += step {
		ts = append(ts, math.Round(t/step)*step)
	}
	return ts
}

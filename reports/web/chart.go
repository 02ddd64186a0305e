package web

import (
	"math"

	"github.com/parley-dev/parley/sim"
)

// bar is one outcome's bar in the explorer's chart, in SVG user units
// (the chart is 100 wide): its probability and its 95% interval. The
// chart is drawn by the "bars" template; this file and that template are
// all there is to swap for a shared chart package.
type bar struct {
	Label, Title string
	Prob         float64
	Width        float64 // probability × 100
	Low, High    float64 // the interval's ends × 100
	Y            int     // the bar's top
}

const barHeight = 10

func outcomeBars(r *sim.Result) []bar {
	var bs []bar
	for i, o := range r.Outcomes {
		bs = append(bs, bar{Label: o.ID, Title: o.Label, Prob: o.Probability, Width: round2(100 * o.Probability),
			Low: round2(100 * o.Low), High: round2(100 * o.High), Y: i * (barHeight + 4)})
	}
	return bs
}

// round2 keeps the SVG short: a hundredth of a unit is far below a pixel.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// chartFuncs are the template functions the "bars" template uses.
func chartFuncs() map[string]any {
	return map[string]any{
		"barsHeight": func(n int) int { return n*(barHeight+4) + 2 },
		"barText":    func(y int) float64 { return float64(y) + 7 },
		"barMid":     func(y int) float64 { return float64(y) + barHeight/2 },
		"barValueX":  func(w float64) float64 { return round2(w + 1.5) },
	}
}

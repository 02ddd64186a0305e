package web

import (
	"slices"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
)

// issuesView is the explain view of an issues scenario: the utility
// space of the world explained (every package, the Pareto frontier, the
// walk-away point, the chosen package), and then `parley explain`'s own
// tables and verdict (which demand or constraint blocks).
type issuesView struct {
	Space  *spaceDrawing
	Chosen string // the agreed package, or "" for no deal
	Doc    *reports.Document
	Note   string // why there is no drawing
}

func explainIssues(e *sim.Explanation) *issuesView {
	x := e.Issues
	v := &issuesView{Doc: reports.ExplainDocument(e)}
	v.Doc.Tables = slices.DeleteFunc(v.Doc.Tables, func(t reports.Table) bool { return t.Name == "values" })
	if len(x.Negotiators) < 2 {
		v.Note = "the utility space is drawn for two negotiators or more"
		return v
	}
	ix, iy := slices.Index(x.Parties, x.Negotiators[0]), slices.Index(x.Parties, x.Negotiators[1])
	sp := &space{X: x.Negotiators[0], Y: x.Negotiators[1], Walk: point{"walk-away", x.BATNA[ix], x.BATNA[iy]}}
	sp.Predicted = sp.Walk
	var chosen []groupScore
	for k, p := range x.Packages {
		pt := point{p.Label, p.Utility[ix], p.Utility[iy]}
		sp.Packages = append(sp.Packages, pt)
		if k == x.Chosen {
			v.Chosen, sp.Predicted = p.Label, pt
			chosen = append(chosen, groupScore{Group: "chosen", X: pt.X, Y: pt.Y})
		}
	}
	if len(sp.Packages) == 0 {
		v.Note = "no package to draw"
		return v
	}
	v.Space = drawSpace(sp, chosen)
	return v
}

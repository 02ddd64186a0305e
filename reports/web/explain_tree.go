package web

import (
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
)

// treeDrawing is a game tree laid out for SVG: leaves side by side, each
// inner node centred over its children, one row per depth.
type treeDrawing struct {
	Width, Height int
	Nodes         []treeNode
	Edges         []treeEdge
}

type treeNode struct {
	X, Y   float64
	Kind   string // decision, chance, end
	Title  string // "pak chooses accept", "chance", "outcome deal"
	Values string // what the subgame is worth to each party
	OnPath bool
	Tied   bool
}

type treeEdge struct {
	X1, Y1, X2, Y2 float64
	LX, LY         float64 // where the label goes
	Label          string
	OnPath         bool // both ends on the equilibrium path
	Best           bool // the mover's best action
}

const (
	leafGap  = 170 // horizontal room per leaf
	levelGap = 120
	margin   = 120
)

func drawTree(e *sim.Explanation) *treeDrawing {
	d := &treeDrawing{}
	leaves, depth := 0, 0
	var place func(n *sim.NodeExplanation, level int) float64
	place = func(n *sim.NodeExplanation, level int) float64 {
		depth = max(depth, level)
		var x float64
		if len(n.Children) == 0 {
			x = float64(margin + leaves*leafGap)
			leaves++
		} else {
			xs := make([]float64, len(n.Children))
			for i, c := range n.Children {
				xs[i] = place(c, level+1)
			}
			x = (xs[0] + xs[len(xs)-1]) / 2
			for i, c := range n.Children {
				edge := treeEdge{X1: x, Y1: y(level), X2: xs[i], Y2: y(level + 1),
					LX: (x + xs[i]) / 2, LY: (y(level)+y(level+1))/2 - 4,
					Label: edgeLabel(n, c), OnPath: n.OnPath && c.OnPath,
					Best: n.Kind == "decision" && contains(n.Best, c.Edge)}
				d.Edges = append(d.Edges, edge)
			}
		}
		d.Nodes = append(d.Nodes, treeNode{X: x, Y: y(level), Kind: n.Kind, Title: nodeTitle(n),
			Values: nodeValues(e.Parties, n.Values), OnPath: n.OnPath, Tied: len(n.Best) > 1})
		return x
	}
	place(e.Root, 0)
	d.Width = 2*margin + max(leaves-1, 0)*leafGap
	d.Height = int(y(depth)) + 60
	return d
}

func y(level int) float64 { return float64(40 + level*levelGap) }

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func edgeLabel(parent, c *sim.NodeExplanation) string {
	if parent.Kind == "chance" {
		return c.Edge + " (p " + strconv.FormatFloat(c.Prob, 'f', 3, 64) + ")"
	}
	return c.Edge
}

func nodeTitle(n *sim.NodeExplanation) string {
	switch n.Kind {
	case "decision":
		return n.Mover + " chooses " + strings.Join(n.Best, " or ")
	case "end":
		return "outcome " + n.Outcome
	}
	return n.Kind
}

func nodeValues(parties []string, vals []float64) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = parties[i] + " " + strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strings.Join(parts, " · ")
}

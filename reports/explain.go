package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/safetext"
)

// Explain writes the explanation of one world as plain text: for a tree,
// the backward induction as an indented tree (at every decision node the
// mover's best actions, at chance nodes each branch's probability, at the
// ends the outcome; ▶ marks the equilibrium path); for an issues model
// and a matrix game, the tables of ExplainDocument.
func Explain(w io.Writer, e *sim.Explanation) error { return WriteExplain(w, Plain, e) }

// ExplainDocument returns the tables explaining one world of an issues
// model or a matrix game, nil for a tree (whose explanation is the
// indented tree Explain writes).
func ExplainDocument(e *sim.Explanation) *Document {
	switch {
	case e.Issues != nil:
		return issuesDocument(e)
	case e.Matrix != nil:
		return matrixDocument(e)
	}
	return nil
}

// WriteExplain writes the explanation of one world in format f: JSON
// (ExplainJSON), or text. A tree's explanation is one indented tree
// whatever the text format; the other forms' are tables.
func WriteExplain(w io.Writer, f Format, e *sim.Explanation) error {
	if f == JSON {
		return WriteJSON(w, ExplainJSONOf(e))
	}
	if d := ExplainDocument(e); d != nil {
		return Write(w, f, d)
	}
	if f == CSV {
		return fmt.Errorf("a tree's explanation is an indented tree, not a table: use --format plain or json")
	}
	return explainTree(w, e)
}

// explainTree writes a tree's backward induction.
func explainTree(w io.Writer, e *sim.Explanation) error {
	if e.Root != nil && e.Root.Kind == "trajectory" { // a spatial model's rounds
		return explainTrajectory(w, e)
	}
	which := "the median world (every parameter at its median)"
	if e.Iteration >= 0 {
		which = fmt.Sprintf("world %d", e.Iteration)
	}
	fmt.Fprintf(w, "Backward induction in %s of %s\n\n", which, safetext.EscapeText(e.Scenario, false))
	for _, v := range e.Values {
		fmt.Fprintf(w, "  %s = %s\n", v.Name, strconv.FormatFloat(v.Value, 'g', 5, 64))
	}
	fmt.Fprintln(w)
	var walk func(n *sim.NodeExplanation, depth int, underChance bool)
	walk = func(n *sim.NodeExplanation, depth int, underChance bool) {
		var b strings.Builder
		b.WriteString(strings.Repeat("    ", depth))
		if n.OnPath {
			b.WriteString("▶ ")
		} else {
			b.WriteString("  ")
		}
		if n.Edge != "" {
			b.WriteString(n.Edge)
			if underChance {
				fmt.Fprintf(&b, " (p %s)", strconv.FormatFloat(n.Prob, 'f', 4, 64))
			}
			b.WriteString(": ")
		}
		switch n.Kind {
		case "decision":
			fmt.Fprintf(&b, "%s chooses %s", n.Mover, strings.Join(n.Best, " or "))
			if len(n.Best) > 1 {
				b.WriteString(" (tied: mixes evenly)")
			}
			if len(n.TiedWith) > 0 {
				fmt.Fprintf(&b, " (tied with %s: ties %s)", strings.Join(n.TiedWith, ", "), e.Ties)
			}
		case "chance":
			b.WriteString("chance")
		case "end":
			fmt.Fprintf(&b, "outcome %s", n.Outcome)
		}
		b.WriteString("  [")
		for i, p := range e.Parties {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %s", p, strconv.FormatFloat(n.Values[i], 'f', 3, 64))
		}
		b.WriteString("]")
		fmt.Fprintln(w, safetext.EscapeText(b.String(), false))
		for _, c := range n.Children {
			walk(c, depth+1, n.Kind == "chance")
		}
	}
	walk(e.Root, 0, false)
	fmt.Fprintln(w, "\n[...] is what each subgame is worth to each party in equilibrium; a mover picks the action worth most to itself; ▶ marks the equilibrium path.")
	return nil
}

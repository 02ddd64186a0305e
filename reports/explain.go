package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/safetext"
)

// Explain writes the backward induction of one world as an indented
// tree: at every decision node the mover's value of each action, the best
// marked with ✓; at chance nodes each branch's probability; at the ends,
// the outcome. The equilibrium path is marked with ▶.
func Explain(w io.Writer, e *sim.Explanation) error {
	if e.Root != nil && e.Root.Kind == "trajectory" {
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

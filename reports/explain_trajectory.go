package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/safetext"
)

// explainTrajectory writes the explanation of a model that moves
// positions round by round (a spatial model): per dimension, a table of
// the forecast and every actor's position after every round. The
// explanation's layout is documented at the spatial form's Explain.
func explainTrajectory(w io.Writer, e *sim.Explanation) error {
	which := "the median world (every parameter at its median)"
	if e.Iteration >= 0 {
		which = fmt.Sprintf("world %d", e.Iteration)
	}
	rt := e.Root
	fmt.Fprintf(w, "Trajectory in %s of %s\n", which, safetext.EscapeText(e.Scenario, false))
	fmt.Fprintln(w, safetext.EscapeText(rt.Label+"; outcome "+rt.Outcome, false))
	fmt.Fprintln(w)
	for _, v := range e.Values {
		fmt.Fprintf(w, "  %s = %s\n", v.Name, strconv.FormatFloat(v.Value, 'g', 5, 64))
	}
	var dims, rounds []*sim.NodeExplanation
	for _, c := range rt.Children {
		switch c.Kind {
		case "dimension":
			dims = append(dims, c)
		case "round":
			rounds = append(rounds, c)
		}
	}
	k := len(dims)
	for d, dim := range dims {
		fmt.Fprintf(w, "\n%s\n", safetext.EscapeText(dim.Edge+": "+dim.Label, false))
		header := []string{"round", "median", "mean"}
		if len(rounds) > 0 {
			for _, a := range rounds[0].Children {
				header = append(header, a.Edge)
			}
		}
		var rows [][]string
		for _, r := range rounds {
			mark := "  "
			if r.OnPath {
				mark = "▶ "
			}
			row := []string{mark + strings.TrimPrefix(r.Edge, "round "), fixed(r.Values[d]), fixed(r.Values[k+d])}
			for _, a := range r.Children {
				row = append(row, fixed(a.Values[d]))
			}
			rows = append(rows, row)
		}
		writeAligned(w, header, rows)
	}
	var pay []string
	for i, p := range e.Parties {
		pay = append(pay, fmt.Sprintf("%s %s", p, strconv.FormatFloat(rt.Values[i], 'f', 3, 64)))
	}
	fmt.Fprintf(w, "\nPayoffs: %s\n", safetext.EscapeText(strings.Join(pay, ", "), false))
	fmt.Fprintln(w, "\nRound 0 is the actors' own positions; median and mean are the capability×salience-weighted forecast of each round's positions; ▶ marks the final round, whose median is the forecast.")
	return nil
}

func fixed(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// writeAligned writes a header and rows with right-aligned columns.
func writeAligned(w io.Writer, header []string, rows [][]string) {
	width := make([]int, len(header))
	for i, h := range header {
		width[i] = len([]rune(h))
	}
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			b.WriteString(" ")
			b.WriteString(strings.Repeat(" ", width[i]-len([]rune(c))))
			b.WriteString(c)
		}
		fmt.Fprintln(w, safetext.EscapeText(b.String(), false))
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
}

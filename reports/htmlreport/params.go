package htmlreport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
)

func num(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

func nums(xs []float64) string {
	var out []string
	for _, x := range xs {
		out = append(out, num(x))
	}
	return strings.Join(out, ", ")
}

// distText writes a distribution as the analyst wrote it:
// triangular(1, 3, 6).
func distText(d sim.DistSpec) string {
	switch {
	case d.Kind == "fixed" && len(d.Args) == 1:
		return "fixed at " + num(d.Args[0])
	case d.Kind == "categorical":
		return fmt.Sprintf("categorical(values %s; weights %s)", nums(d.Values), nums(d.Weights))
	}
	return fmt.Sprintf("%s(%s)", d.Kind, nums(d.Args))
}

// paramTable lists the scenario's parameters: distribution, median, 90%
// range and the analyst's doc text.
func paramTable(s *sim.Scenario, stamp string) table {
	t := table{ID: "parameters", Title: "Parameters", Stamp: stamp,
		Header: []string{"parameter", "distribution", "median", "90% range", "meaning"},
		Right:  []bool{false, false, true, true, false}}
	for _, p := range s.Params {
		rng := "fixed"
		if p.Uncertain() {
			rng = "[" + num(p.Quantile(0.05)) + ", " + num(p.Quantile(0.95)) + "]"
		}
		t.Rows = append(t.Rows, []string{p.Name, distText(p.Spec), num(p.Quantile(0.5)), rng, p.Doc})
	}
	t.Note = "Median and 90% range: the parameter's 50th, 5th and 95th percentiles."
	return t
}

// partyTable lists the parties.
func partyTable(s *sim.Scenario, stamp string) table {
	t := table{ID: "parties", Title: "Parties", Stamp: stamp, Header: []string{"id", "name", "about"}, Right: []bool{false, false, false}}
	for _, p := range s.Parties {
		t.Rows = append(t.Rows, []string{p.ID, p.Name, p.Doc})
	}
	return t
}

// variantTable lists the scenario's variants, the what-ifs it defines.
func variantTable(s *sim.Scenario, stamp string) table {
	t := table{ID: "variants", Title: "Variants (what-ifs defined in the scenario)", Stamp: stamp,
		Header: []string{"variant", "what it changes"}, Right: []bool{false, false}}
	for _, v := range s.Variants {
		t.Rows = append(t.Rows, []string{v.Name, v.Doc})
	}
	return t
}

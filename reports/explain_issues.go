package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
)

// scoreNames says what each bargaining solution maximises, as the
// package table heads it.
var scoreNames = map[string]string{
	"nash":              "nash_product",
	"kalai-smorodinsky": "least_gain_share",
	"utilitarian":       "total_surplus",
	"egalitarian":       "least_surplus",
}

// scoreText is a package's score as the table shows it: the Nash
// product itself (the explanation holds its log), the others as they are.
func scoreText(solution string, pe model.PackageExplanation) string {
	if !pe.Feasible {
		return ""
	}
	if solution == "nash" {
		return strconv.FormatFloat(math.Exp(pe.Score), 'g', 4, 64)
	}
	return strconv.FormatFloat(pe.Score, 'f', 4, 64)
}

// num3 is a utility or payoff to three decimals, never "-0.000".
func num3(x float64) string {
	s := strconv.FormatFloat(x, 'f', 3, 64)
	if s == "-0.000" {
		return "0.000"
	}
	return s
}

// scorePair writes two scores with enough digits to tell them apart
// (up to 12), so that a close runner-up does not read as a tie.
func scorePair(solution string, a, b model.PackageExplanation) (string, string) {
	va, vb := a.Score, b.Score
	if solution == "nash" {
		va, vb = math.Exp(va), math.Exp(vb)
	}
	for d := 4; ; d++ {
		sa, sb := strconv.FormatFloat(va, 'g', d, 64), strconv.FormatFloat(vb, 'g', d, 64)
		if sa != sb || d == 12 {
			return sa, sb
		}
	}
}

// issuesDocument explains one world of an issues model: the parties'
// walk-away values, the demands and constraints in force, every package
// (the agreed one first, then the runner-up, the rest of the zone of
// agreement by score, then the excluded with what excludes them), and the
// verdict.
func issuesDocument(e *sim.Explanation) *Document {
	x := e.Issues
	d := &Document{Notes: []string{explainHeading("Bargaining", e)}}
	d.Notes = append(d.Notes, issuesVerdict(e)...)
	if len(e.Values) > 0 {
		d.Tables = append(d.Tables, valuesTable(e))
	}
	pt := Table{Name: "parties", Title: "Parties", Header: []string{"party", "negotiates", "walk_away", "power"}, Align: []Align{Left, Left, Right, Right}}
	for i, p := range x.Parties {
		neg, power := "no", ""
		if slices.Contains(x.Negotiators, p) {
			neg = "yes"
			if x.Power != nil {
				power = num3(x.Power[i])
			}
		}
		pt.Rows = append(pt.Rows, []string{p, neg, num3(x.BATNA[i]), power})
	}
	pt.Note = "walk_away: the utility of no deal (BATNA); a negotiator accepts no package worth less."
	d.Tables = append(d.Tables, pt)
	if len(x.Demands)+len(x.Constraints) > 0 {
		it := Table{Name: "items", Title: "Demands and constraints in this world", Header: []string{"name", "kind", "party", "firm_p", "in_force", "reason"},
			Align: []Align{Left, Left, Left, Right, Left, Left}}
		add := func(kind string, ie model.ItemExplanation, firm string) {
			force := map[bool]string{true: "yes", false: "no"}[ie.InForce]
			if ie.Dropped {
				force = "dropped"
			}
			it.Rows = append(it.Rows, []string{ie.Name, kind, ie.Party, firm, force, ie.Reason})
		}
		for _, ie := range x.Demands {
			add("demand", ie, prob(ie.Firm))
		}
		for _, ie := range x.Constraints {
			kind := "soft constraint"
			if ie.Hard {
				kind = "hard constraint"
			}
			add(kind, ie, "")
		}
		it.Note = "A firm demand excludes every package that fails it; a bluff excludes none. A hard constraint in force forbids packages; a soft one costs its party utility."
		d.Tables = append(d.Tables, it)
	}
	d.Tables = append(d.Tables, packagesTable(x))
	return d
}

// packagesTable lists the packages, the agreed one first.
func packagesTable(x *model.IssuesExplanation) Table {
	score := scoreNames[x.Solution]
	t := Table{Name: "packages", Title: fmt.Sprintf("Packages (%d of %d in the zone of agreement)", x.Feasible, x.Total),
		Header: []string{"", "package"}, Align: []Align{Left, Left}}
	for _, p := range x.Parties {
		t.Header = append(t.Header, "u_"+p)
		t.Align = append(t.Align, Right)
	}
	t.Header = append(t.Header, score, "excluded_by")
	t.Align = append(t.Align, Right, Left)
	order := make([]int, len(x.Packages))
	for i := range order {
		order[i] = i
	}
	rank := func(i int) int {
		switch {
		case i == x.Chosen:
			return 0
		case i == x.RunnerUp:
			return 1
		case x.Packages[i].Feasible:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 || rank(a) != 2 {
			return c
		}
		return cmp.Compare(x.Packages[b].Score, x.Packages[a].Score)
	})
	for _, i := range order {
		pe := x.Packages[i]
		mark := map[int]string{0: "▶ agreed", 1: "runner-up", 2: "feasible", 3: ""}[rank(i)]
		row := []string{mark, pe.Label}
		for _, u := range pe.Utility {
			row = append(row, num3(u))
		}
		row = append(row, scoreText(x.Solution, pe), excludedBy(pe))
		t.Rows = append(t.Rows, row)
	}
	t.Note = fmt.Sprintf("u_PARTY: each party's utility (soft costs included). %s: what the %s solution maximises over the zone of agreement.", score, x.Solution)
	if len(x.Packages) < x.Total {
		t.Note += fmt.Sprintf(" Only %d of the %d packages are listed.", len(x.Packages), x.Total)
	}
	return t
}

// excludedBy says why a package is outside the zone of agreement.
func excludedBy(pe model.PackageExplanation) string {
	var why []string
	if len(pe.Below) > 0 {
		why = append(why, "below walk-away for "+strings.Join(pe.Below, ", "))
	}
	why = append(why, pe.Violates...)
	return strings.Join(why, "; ")
}

// issuesVerdict says which package is agreed and why, or why there is
// no deal.
func issuesVerdict(e *sim.Explanation) []string {
	x := e.Issues
	out := "."
	if e.Outcome != "" {
		out = " (outcome " + e.Outcome + ")."
	}
	if x.Chosen < 0 {
		lines := []string{"No deal" + out + " The zone of agreement is empty: no package gives every negotiator at least its walk-away value while meeting the firm demands and the hard constraints in force."}
		switch {
		case x.NoZOPA:
			lines = append(lines, "No package gives every negotiator its walk-away value, whatever the demands and constraints.")
		case len(x.Blockers) > 0:
			lines = append(lines, "What blocks a deal: "+strings.Join(x.Blockers, "; ")+". Removing any one of these alone would leave a package in the zone of agreement.")
		case x.OnlyTogether:
			lines = append(lines, "No single demand or constraint blocks a deal: several exclude the packages the negotiators would accept, together.")
		}
		return lines
	}
	c := x.Packages[x.Chosen]
	what := map[string]string{"nash": "Nash product (each negotiator's surplus over its walk-away value, raised to its power, multiplied)",
		"kalai-smorodinsky": "least share of its possible gain any negotiator gets (Kalai–Smorodinsky)",
		"utilitarian":       "total surplus over the walk-away values (utilitarian)",
		"egalitarian":       "least surplus any negotiator gets (egalitarian)"}[x.Solution]
	s := fmt.Sprintf("Agreed: %s%s", c.Label, out)
	if x.RunnerUp < 0 {
		s += " It is the only package in the zone of agreement."
		return []string{s}
	}
	r := x.Packages[x.RunnerUp]
	sc, sr := scorePair(x.Solution, c, r)
	s += fmt.Sprintf(" Of the %d packages in the zone of agreement it has the largest %s: %s, against %s for the runner-up %s.",
		x.Feasible, what, sc, sr, r.Label)
	if sc == sr {
		s += fmt.Sprintf(" The scores tie; the larger total surplus decides (%s against %s).", num3(c.Surplus), num3(r.Surplus))
	}
	return []string{s}
}

// explainHeading names the world explained.
func explainHeading(what string, e *sim.Explanation) string {
	which := "the median world (every parameter at its median)"
	if e.Iteration >= 0 {
		which = fmt.Sprintf("world %d", e.Iteration)
	}
	return fmt.Sprintf("%s in %s of %s", what, which, e.Scenario)
}

// valuesTable lists the world's parameters and derived values.
func valuesTable(e *sim.Explanation) Table {
	t := Table{Name: "values", Title: "Values in this world", Header: []string{"name", "value"}, Align: []Align{Left, Right}}
	for _, v := range e.Values {
		t.Rows = append(t.Rows, []string{v.Name, strconv.FormatFloat(v.Value, 'g', 5, 64)})
	}
	return t
}

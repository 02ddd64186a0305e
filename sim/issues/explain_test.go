package issues

import (
	"fmt"
	"slices"
	"testing"

	"github.com/parley-dev/parley/sim/model"
	"pgregory.net/rapid"
)

// TestExplainAgreesWithSolve: on random negotiations with a firm demand
// and a hard constraint, the explanation agrees with the solver: the same
// package (or none), the same zone of agreement, no feasible package
// scoring above the chosen one, and a stated reason for every package
// left out.
func TestExplainAgreesWithSolve(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := []string{"o0", "o1", "o2"}
		iss := []IssueSpec{{Name: "x", Options: opts}, {Name: "y", Options: opts}}
		var utils []UtilitySpec
		for _, p := range []string{"a", "b"} {
			u := UtilitySpec{Party: p}
			for _, is := range []string{"x", "y"} {
				iv := IssueValues{Issue: is}
				for _, o := range opts {
					iv.Options = append(iv.Options, model.NamedExpr{Name: o, Expr: fmt.Sprint(rapid.IntRange(-5, 5).Draw(t, p+is+o))})
				}
				u.Values = append(u.Values, iv)
			}
			utils = append(utils, u)
		}
		sol := rapid.SampledFrom(Solutions()).Draw(t, "solution")
		demanded, forbidden := rapid.IntRange(0, 2).Draw(t, "demand"), rapid.IntRange(0, 2).Draw(t, "forbid")
		env := testEnv([]string{"a", "b"}, []string{"deal", "none"})
		f := Compile(&IssuesSpec{
			Issues: iss, Utility: utils, Solution: sol,
			BATNA:       []model.PayoffSpec{{Party: "a", Expr: fmt.Sprint(rapid.IntRange(-6, 2).Draw(t, "da"))}, {Party: "b", Expr: fmt.Sprint(rapid.IntRange(-6, 2).Draw(t, "db"))}},
			Demands:     []DemandSpec{{Name: "d", Party: "a", Require: fmt.Sprintf(`y != "o%d"`, demanded)}},
			Constraints: []ConstraintSpec{{Name: "c", Party: "b", Forbid: fmt.Sprintf(`x == "o%d"`, forbidden)}},
			Deal:        []model.OutcomeRule{{Outcome: "deal"}}, NoDeal: "none",
		}, env)
		if err := env.Problems.Err(); err != nil {
			t.Fatal(err)
		}
		b := f.(*bargain)
		newWorld := func() *model.World {
			return &model.World{Iter: 3, X: make([]float64, b.Slots()), Payoff: make([]float64, 2+len(b.Metrics())), Picks: []int{-1, -1}, Flags: [][]bool{nil, make([]bool, len(b.blockers))}}
		}
		w := newWorld()
		sv := b.newBargainSolver(nil)
		if err := sv.Solve(w); err != nil {
			t.Fatal(err)
		}
		ex, err := b.Explain(newWorld(), nil)
		if err != nil {
			t.Fatal(err)
		}
		e := ex.Issues
		if ex.Outcome != w.Outcome {
			t.Fatalf("explained outcome %d, solved %d", ex.Outcome, w.Outcome)
		}
		chosen := ""
		if e.Chosen >= 0 {
			chosen = e.Packages[e.Chosen].Label
		}
		if k := w.Picks[0]; k >= 0 && chosen != b.labels[k] || k < 0 && chosen != "" {
			t.Fatalf("explained package %q, solved %d", chosen, k)
		}
		feasible := 0
		for i, pe := range e.Packages {
			if got, want := slices.Contains(pe.Violates, "c"), pe.Options[0] == opts[forbidden]; got != want {
				t.Fatalf("package %s: violates constraint c %v, want %v", pe.Label, got, want)
			}
			if got, want := slices.Contains(pe.Violates, "d"), pe.Options[1] == opts[demanded]; got != want {
				t.Fatalf("package %s: violates demand d %v, want %v", pe.Label, got, want)
			}
			if pe.Feasible {
				feasible++
				if c := e.Packages[e.Chosen]; pe.Score > c.Score+1e-9 {
					t.Fatalf("%s: feasible %s scores %v above the chosen %s's %v", sol, pe.Label, pe.Score, c.Label, c.Score)
				}
				if i != e.Chosen && e.RunnerUp < 0 {
					t.Fatalf("feasible %s besides the chosen, but no runner-up", pe.Label)
				}
				continue
			}
			if len(pe.Below) == 0 && len(pe.Violates) == 0 {
				t.Fatalf("package %s is excluded with no reason given", pe.Label)
			}
		}
		if e.Chosen < 0 && len(e.Blockers) == 0 && !e.NoZOPA && !e.OnlyTogether {
			t.Fatal("no deal, and nothing says why")
		}
		if feasible != e.Feasible || e.Total != 9 || len(e.Packages) != 9 {
			t.Fatalf("%d feasible listed, %d counted, %d of %d packages", feasible, e.Feasible, len(e.Packages), e.Total)
		}
	})
}

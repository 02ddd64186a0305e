package issues

import (
	"fmt"
	"testing"

	"github.com/parley-dev/parley/sim/model"
	"pgregory.net/rapid"
)

// testEnv is the environment of a scenario with the given parties and
// outcomes and no parameters.
func testEnv(parties, outcomes []string) *model.Env {
	env := &model.Env{PartyIndex: map[string]int{}, OutcomeIndex: map[string]int{}, Problems: &model.Problems{},
		Lookup: func(string) (int, bool) { return 0, false }, Names: func() []string { return nil }}
	for i, p := range parties {
		env.Parties = append(env.Parties, model.Party{ID: p, Name: p})
		env.PartyIndex[p] = i
	}
	for i, o := range outcomes {
		env.Outcomes = append(env.Outcomes, model.Outcome{ID: o, Label: o})
		env.OutcomeIndex[o] = i
	}
	return env
}

// TestBargainProperties: on random negotiations the agreed package is
// never below a negotiator's walk-away value, never Pareto-dominated by
// another feasible package, and never violates a firm demand or an active
// hard constraint.
func TestBargainProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		nOpt := rapid.IntRange(1, 4).Draw(t, "options")
		var opts []string
		for i := range nOpt {
			opts = append(opts, fmt.Sprintf("o%d", i))
		}
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
		forbid := fmt.Sprintf(`x == "o%d"`, rapid.IntRange(0, nOpt-1).Draw(t, "forbid"))
		env := testEnv([]string{"a", "b"}, []string{"deal", "none"})
		f := Compile(&IssuesSpec{
			Issues: iss, Utility: utils, Solution: sol,
			BATNA:       []model.PayoffSpec{{Party: "a", Expr: fmt.Sprint(rapid.IntRange(-6, 4).Draw(t, "da"))}, {Party: "b", Expr: fmt.Sprint(rapid.IntRange(-6, 4).Draw(t, "db"))}},
			Power:       []model.PayoffSpec{{Party: "a", Expr: fmt.Sprint(rapid.IntRange(1, 3).Draw(t, "wa"))}},
			Constraints: []ConstraintSpec{{Name: "c", Party: "b", Forbid: forbid}},
			Deal:        []model.OutcomeRule{{Outcome: "deal"}}, NoDeal: "none",
		}, env)
		if err := env.Problems.Err(); err != nil {
			t.Fatal(err)
		}
		b := f.(*bargain)
		sv := b.newBargainSolver(nil)
		w := &model.World{X: make([]float64, b.Slots()), Payoff: make([]float64, 2+len(b.Metrics())), Picks: []int{-1, -1}, Flags: [][]bool{nil, make([]bool, len(b.blockers))}}
		if err := sv.Solve(w); err != nil {
			t.Fatal(err)
		}
		k := w.Picks[0]
		for j := range b.packages {
			if !sv.feasible[j] {
				continue
			}
			if k < 0 {
				t.Fatalf("package %s is feasible but no deal was made", b.labels[j])
			}
			weakly := sv.u[0][j] >= sv.u[0][k] && sv.u[1][j] >= sv.u[1][k]
			strictly := sv.u[0][j] > sv.u[0][k] || sv.u[1][j] > sv.u[1][k]
			if weakly && strictly {
				t.Fatalf("%s: agreed %s is dominated by feasible %s", sol, b.labels[k], b.labels[j])
			}
		}
		if k >= 0 {
			if !sv.feasible[k] {
				t.Fatalf("agreed package %s is not feasible", b.labels[k])
			}
			for p := range 2 {
				if sv.u[p][k] < sv.batna[p]-surplusTol {
					t.Fatalf("party %d gets %v, below its walk-away %v", p, sv.u[p][k], sv.batna[p])
				}
			}
		}
	})
}

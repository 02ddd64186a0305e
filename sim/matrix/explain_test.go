package matrix

import (
	"math"
	"testing"

	"github.com/parley-dev/parley/sim/model"
)

// testEnv is the environment of a two-party game with no parameters.
func testEnv(outcomes ...string) *model.Env {
	env := &model.Env{PartyIndex: map[string]int{"row": 0, "col": 1}, OutcomeIndex: map[string]int{}, Problems: &model.Problems{},
		Lookup: func(string) (int, bool) { return 0, false }, Names: func() []string { return nil }}
	env.Parties = []model.Party{{ID: "row", Name: "row"}, {ID: "col", Name: "col"}}
	for i, o := range outcomes {
		env.Outcomes = append(env.Outcomes, model.Outcome{ID: o, Label: o})
		env.OutcomeIndex[o] = i
	}
	return env
}

// battle is the battle of the sexes: two pure equilibria, (opera,
// opera) best for row and (fight, fight) best for col, and a mixed one.
func battle(selection string) *MatrixSpec {
	return &MatrixSpec{
		Strategies: []NamedList{{"row", []string{"opera", "fight"}}, {"col", []string{"opera", "fight"}}},
		Bimatrix: []NamedMatrix{
			{"row", [][]string{{"2", "0"}, {"0", "1"}}},
			{"col", [][]string{{"1", "0"}, {"0", "2"}}},
		},
		Selection: selection,
		Outcomes:  []model.OutcomeRule{{Outcome: "together", If: "row == col"}, {Outcome: "apart"}},
	}
}

// TestExplainBattle: the battle of the sexes has three equilibria, two
// pure (each starred for both players in the table) and a mixed one
// (row plays opera with probability 2/3). No equilibrium payoff-dominates,
// so the payoff-dominant rule falls to logit tracing, which the
// explanation says; the uniform rule's draw is one of the three.
func TestExplainBattle(t *testing.T) {
	for _, tc := range []struct {
		selection, decided string
	}{
		{SelectPayoffDominant, SelectLogit},
		{SelectLogit, SelectLogit},
		{SelectUniform, SelectUniform},
	} {
		env := testEnv("together", "apart")
		f := Compile(battle(tc.selection), env)
		if err := env.Problems.Err(); err != nil {
			t.Fatal(err)
		}
		w := &model.World{Iter: 5, Seed: 1, X: make([]float64, env.Base+f.Slots()), Payoff: make([]float64, 3), Picks: make([]int, 3)}
		ex, err := f.(model.Explainer).Explain(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		e := ex.Matrix
		if e.DecidedBy != tc.decided {
			t.Errorf("%s: decided by %q, want %q", tc.selection, e.DecidedBy, tc.decided)
		}
		if len(e.Equilibria) != 3 || !e.Mixed {
			t.Fatalf("%s: %d equilibria (mixed searched %v), want 3", tc.selection, len(e.Equilibria), e.Mixed)
		}
		pure := 0
		for _, q := range e.Equilibria {
			if q.Pure {
				pure++
				continue
			}
			if math.Abs(q.Mix[0][0]-2.0/3) > 1e-9 || math.Abs(q.Mix[1][0]-1.0/3) > 1e-9 {
				t.Errorf("mixed equilibrium %v, want row opera 2/3, col opera 1/3", q.Mix)
			}
		}
		if pure != 2 {
			t.Errorf("%d pure equilibria, want 2", pure)
		}
		if e.Selected < 0 {
			t.Errorf("%s: the selected equilibrium is none of those enumerated", tc.selection)
		}
		starred := 0
		for _, c := range e.Cells {
			if c.Best[0] && c.Best[1] {
				starred++
			}
		}
		if starred != 2 {
			t.Errorf("%d cells are best responses for both, want the 2 pure equilibria", starred)
		}
		if p := e.Equilibria[max(e.Selected, 0)]; p.Pure != (ex.Outcome >= 0) {
			t.Errorf("outcome %d for a selected equilibrium pure=%v: want one exactly when pure", ex.Outcome, p.Pure)
		}
	}
}

package tree

import (
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/model"
)

// offersEnv is the environment of the alternating-offers game: parties
// A and B, three outcomes, one parameter delta in slot 0.
func offersEnv(ties model.TieRule) *model.Env {
	env := &model.Env{PartyIndex: map[string]int{"A": 0, "B": 1}, OutcomeIndex: map[string]int{"deal": 0, "late_deal": 1, "impasse": 2},
		Problems: &model.Problems{}, Ties: ties,
		Lookup: func(n string) (int, bool) { return 0, n == "delta" }, Names: func() []string { return []string{"delta"} }}
	env.Parties = []model.Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}}
	env.Outcomes = []model.Outcome{{ID: "deal", Label: "deal"}, {ID: "late_deal", Label: "late deal"}, {ID: "impasse", Label: "impasse"}}
	return env
}

func end(outcome, a, b string) *NodeSpec {
	return &NodeSpec{Outcome: outcome, Payoff: []model.PayoffSpec{{Party: "A", Expr: a}, {Party: "B", Expr: b}}}
}

// offersTree is a two-round alternating-offers game with complete
// information. A offers B a low share (delta/2) or a high one (0.6); if B
// rejects, B claims the whole pie, worth delta a round later, and A
// accepts (getting 0) or rejects (both get 0). A is indifferent when
// rejecting, and at delta = 0.4 exactly B is indifferent at the low offer
// when A splits its tie, and then A is indifferent between its offers.
func offersTree() *NodeSpec {
	round2 := func() *NodeSpec {
		return &NodeSpec{Move: "A", Choices: []Branch{
			{"accept", end("late_deal", "0", "delta")},
			{"reject", end("impasse", "0", "0")},
		}}
	}
	respond := func(share string) *NodeSpec {
		return &NodeSpec{Move: "B", Choices: []Branch{
			{"accept", end("deal", "1 - "+share, share)},
			{"reject", round2()},
		}}
	}
	return &NodeSpec{Move: "A", Choices: []Branch{{"low", respond("delta / 2")}, {"high", respond("0.6")}}}
}

// TestTieRuleDelay: at delta = 0.4 exactly, splitting ties delays a
// quarter of agreements (A mixes over its offers, B over accepting the
// low one); when responders accept on a tie, as textbook bargaining
// assumes, nothing is delayed.
func TestTieRuleDelay(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rule  model.TieRule
		delay float64
	}{
		{"split", model.TieRule{}, 0.25},
		{"first", model.TieRule{Kind: model.TieFirst}, 0},
		{"prefer accept", model.TieRule{Kind: model.TiePrefer, Prefer: []string{"accept"}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := offersEnv(tc.rule)
			f := Compile(offersTree(), env)
			if err := env.Problems.Err(); err != nil {
				t.Fatal(err)
			}
			w := &model.World{X: []float64{0.4}, Payoff: make([]float64, 2), Picks: make([]int, 1), Seed: 1}
			dist := make([]float64, 3)
			if err := f.NewSolver(nil).OutcomeDist(w, dist); err != nil {
				t.Fatal(err)
			}
			if got := dist[1] + dist[2]; math.Abs(got-tc.delay) > 1e-12 {
				t.Errorf("delay (no deal in the first round) = %v, want %v (outcomes %v)", got, tc.delay, dist)
			}
			if got := tc.rule.String(); got != tc.name {
				t.Errorf("String() = %q, want %q", got, tc.name)
			}
		})
	}
}

// TestTieRuleWorlds: played worlds follow the rule; under prefer no
// world draws a tie-break, under split about a quarter are delayed.
func TestTieRuleWorlds(t *testing.T) {
	for _, tc := range []struct {
		rule     model.TieRule
		min, max int
	}{
		{model.TieRule{}, 220, 280},
		{model.TieRule{Kind: model.TiePrefer, Prefer: []string{"accept"}}, 0, 0},
	} {
		env := offersEnv(tc.rule)
		sv := Compile(offersTree(), env).NewSolver(nil)
		delayed, ties := 0, 0
		for i := range 1000 {
			w := &model.World{Iter: int64(i), Seed: 7, X: []float64{0.4}, Payoff: make([]float64, 2), Picks: make([]int, 1)}
			if err := sv.Solve(w); err != nil {
				t.Fatal(err)
			}
			if w.Outcome != 0 {
				delayed++
			}
			ties += w.Ties
		}
		if delayed < tc.min || delayed > tc.max {
			t.Errorf("%v: %d of 1000 worlds delayed, want %d to %d", tc.rule, delayed, tc.min, tc.max)
		}
		if tc.rule.Kind == model.TiePrefer && ties != 0 {
			t.Errorf("%v: %d tie-breaks drawn, want none", tc.rule, ties)
		}
	}
}

// TestTieRuleUnknownName: a preferred name that no choice has is a load
// error, not a rule that silently never applies.
func TestTieRuleUnknownName(t *testing.T) {
	env := offersEnv(model.TieRule{Kind: model.TiePrefer, Prefer: []string{"acept"}})
	Compile(offersTree(), env)
	err := env.Problems.Err()
	if err == nil {
		t.Fatal("no problem reported for a preferred action no choice has")
	}
	if want := `no decision of the tree has a choice named "acept"`; !contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

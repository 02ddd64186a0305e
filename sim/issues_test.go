package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/issues"
	"github.com/parley-dev/parley/sim/model"
)

// pie is a split-the-pie negotiation: A's share on a grid of steps points,
// utilities ua and ub as expressions in share.
func pie(t testing.TB, ua, ub, powerA, solution string, steps int) *Scenario {
	t.Helper()
	s, err := Compile(&Spec{
		ID:       "pie",
		Parties:  []PartySpec{{ID: "a"}, {ID: "b"}},
		Outcomes: []OutcomeSpec{{ID: "deal"}, {ID: "none"}},
		Model: ModelSpec{Issues: &issues.IssuesSpec{
			Issues:   []issues.IssueSpec{{Name: "share", Range: []float64{0, 1}, Steps: steps}},
			Utility:  []issues.UtilitySpec{{Party: "a", Expr: ua}, {Party: "b", Expr: ub}},
			BATNA:    []model.PayoffSpec{{Party: "a", Expr: "0"}, {Party: "b", Expr: "0"}},
			Power:    []model.PayoffSpec{{Party: "a", Expr: powerA}, {Party: "b", Expr: "1"}},
			Solution: solution,
			Deal:     []model.OutcomeRule{{Outcome: "deal"}},
			NoDeal:   "none",
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// agreedShare runs one world and returns A's agreed share.
func agreedShare(t *testing.T, s *Scenario) float64 {
	t.Helper()
	r, err := Run(context.Background(), s, Options{Iterations: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Tallies[0].Rows {
		if row.Count == 1 {
			var v float64
			fmt.Sscanf(strings.TrimPrefix(row.Label, "share="), "%g", &v)
			return v
		}
	}
	t.Fatal("no package agreed")
	return 0
}

func TestBargainingClosedForms(t *testing.T) {
	tests := []struct {
		name, ua, ub, power, solution string
		want                          float64
	}{
		// Nash (1950): equal power splits a linear pie in half.
		{"nash symmetric", "share", "1 - share", "1", issues.SolutionNash, 0.5},
		// Asymmetric Nash: shares w_a/(w_a+w_b).
		{"nash power 2:1", "share", "1 - share", "2", issues.SolutionNash, 2.0 / 3},
		{"nash power 1:3", "share", "1 - share", "1/3", issues.SolutionNash, 0.25},
		// Frontier u_b = 1 − s²: Nash maximises s(1 − s²), s = 1/√3;
		// Kalai–Smorodinsky equalises s/1 = (1 − s²)/1, s = (√5 − 1)/2.
		{"nash concave", "share", "1 - share**2", "1", issues.SolutionNash, 1 / math.Sqrt(3)},
		{"kalai-smorodinsky concave", "share", "1 - share**2", "1", issues.SolutionKS, (math.Sqrt(5) - 1) / 2},
		// Egalitarian equalises the gains: s = 1 − s², the same point here.
		{"egalitarian concave", "share", "1 - share**2", "1", issues.SolutionEgalitarian, (math.Sqrt(5) - 1) / 2},
		// Utilitarian maximises s + 1 − s²: s = 1/2.
		{"utilitarian concave", "share", "1 - share**2", "1", issues.SolutionUtilitarian, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := agreedShare(t, pie(t, tt.ua, tt.ub, tt.power, tt.solution, 3001))
			if math.Abs(got-tt.want) > 1.0/3000 {
				t.Errorf("share %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSingleBlocker: the only package both sides accept is forbidden by
// one hard constraint; the other constraint and the demand are satisfied.
// The blocker table must name exactly that constraint.
func TestSingleBlocker(t *testing.T) {
	spec := &Spec{
		ID:       "blocked",
		Parties:  []PartySpec{{ID: "a"}, {ID: "b"}, {ID: "third"}},
		Outcomes: []OutcomeSpec{{ID: "deal"}, {ID: "none"}},
		Model: ModelSpec{Issues: &issues.IssuesSpec{
			Parties: []string{"a", "b"},
			Issues:  []issues.IssueSpec{{Name: "x", Options: []string{"lo", "mid", "hi"}}},
			Utility: []issues.UtilitySpec{
				{Party: "a", Values: []issues.IssueValues{{Issue: "x", Options: []model.NamedExpr{{Name: "lo", Expr: "0"}, {Name: "mid", Expr: "1"}, {Name: "hi", Expr: "2"}}}}},
				{Party: "b", Values: []issues.IssueValues{{Issue: "x", Options: []model.NamedExpr{{Name: "lo", Expr: "2"}, {Name: "mid", Expr: "1"}, {Name: "hi", Expr: "0"}}}}},
			},
			BATNA:   []model.PayoffSpec{{Party: "a", Expr: "0.5"}, {Party: "b", Expr: "0.5"}},
			Demands: []issues.DemandSpec{{Name: "not_lo", Party: "a", Require: `x != "lo"`}},
			Constraints: []issues.ConstraintSpec{
				{Name: "treaty", Party: "b", Forbid: `x == "mid"`, ImposedBy: "third"},
				{Name: "harmless", Party: "b", Forbid: `x == "hi"`},
			},
			Deal:   []model.OutcomeRule{{Outcome: "deal"}},
			NoDeal: "none",
		}},
		Variants: []VariantSpec{{Name: "no_treaty", Drop: []string{"treaty"}}},
	}
	s, err := Compile(spec)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), s, Options{Iterations: 100})
	if err != nil {
		t.Fatal(err)
	}
	if r.Outcomes[1].Count != 100 {
		t.Fatalf("deal happened: %+v", r.Outcomes)
	}
	for _, row := range r.Tallies[1].Rows {
		want := int64(0)
		if strings.HasPrefix(row.Label, "hard constraint treaty") {
			want = 100
		}
		if row.Count != want {
			t.Errorf("blocker %q counted %d times, want %d", row.Label, row.Count, want)
		}
	}
	v, _ := s.WithVariant("no_treaty")
	r, _ = Run(context.Background(), v, Options{Iterations: 100})
	if r.Outcomes[0].Count != 100 || r.Tallies[0].Rows[1].Count != 100 {
		t.Errorf("without the treaty x=mid should be agreed: %+v %+v", r.Outcomes, r.Tallies[0].Rows)
	}
}

func TestEmptyZOPAIsReported(t *testing.T) {
	s := pie(t, "share - 0.6", "0.3 - share", "1", issues.SolutionNash, 11) // a needs > 0.6, b needs < 0.3
	r, err := Run(context.Background(), s, Options{Iterations: 10})
	if err != nil {
		t.Fatal(err)
	}
	rows := r.Tallies[1].Rows
	if rows[len(rows)-2].Count != 10 {
		t.Errorf("no-ZOPA row: %+v", rows)
	}
}

package web

import (
	"context"
	"testing"
	"time"
)

// The prisoner's dilemma in the debrief's payoff space: four profiles at
// their textbook payoffs (T = 5, R = 3, P = 1, S = 0), the security
// levels at mutual defection's 1, the model at (1, 1) since defection is
// the only equilibrium, and a frontier without mutual defection.
func TestMatrixSpaceKnownAnswers(t *testing.T) {
	s := newTestServer(t, Options{})
	e, _ := s.cat.get("prisoners-dilemma")
	m, err := readRoles(e)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := matrixSpace(context.Background(), e, m, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]point{
		"row=cooperate, col=cooperate": {X: 3, Y: 3},
		"row=cooperate, col=defect":    {X: 0, Y: 5},
		"row=defect, col=cooperate":    {X: 5, Y: 0},
		"row=defect, col=defect":       {X: 1, Y: 1},
	}
	if sp.X != "row" || sp.Y != "col" || len(sp.Packages) != len(want) {
		t.Fatalf("axes %s, %s and %d profiles", sp.X, sp.Y, len(sp.Packages))
	}
	for _, p := range sp.Packages {
		if w, ok := want[p.Label]; !ok || p.X != w.X || p.Y != w.Y {
			t.Errorf("profile %s at (%v, %v), want %+v", p.Label, p.X, p.Y, w)
		}
	}
	if sp.Walk.X != 1 || sp.Walk.Y != 1 {
		t.Errorf("security levels (%v, %v), want (1, 1)", sp.Walk.X, sp.Walk.Y)
	}
	if sp.Predicted.X != 1 || sp.Predicted.Y != 1 {
		t.Errorf("model's payoffs (%v, %v), want (1, 1)", sp.Predicted.X, sp.Predicted.Y)
	}
	for _, p := range frontier(sp.Packages) {
		if p.Label == "row=defect, col=defect" {
			t.Error("mutual defection is on the Pareto frontier")
		}
	}
	// A room's agreements land on their profiles.
	room := Room{Entries: []Submission{{Group: "g1", Agreement: map[string]string{"row": "cooperate", "col": "cooperate"}}}}
	sc := scoreGroups(room, m, sp)
	if len(sc) != 1 || sc[0].X != 3 || sc[0].Y != 3 || sc[0].GainX != 2 {
		t.Errorf("scores %+v, want g1 at (3, 3), 2 over its security level", sc)
	}
}

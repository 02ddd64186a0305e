package web

import (
	"context"
	"testing"
)

// Known answers from the flagship's utilities: a package of all
// defaults is worth nothing to Kabul but what the strikes cost it, and
// to Pakistan exactly its walk-away (the TTP threat, unrestrained).
func TestUtilitySpaceKnownAnswers(t *testing.T) {
	s := newTestServer(t, Options{})
	e, _ := s.cat.get("istanbul-2025-issues")
	m, err := readRoles(e)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := s.utilitySpace(context.Background(), e, m)
	if err != nil {
		t.Fatal(err)
	}
	if sp.X != "afg" || sp.Y != "pak" || len(sp.Packages) != 2*3*2*2 {
		t.Fatalf("axes %s, %s and %d packages", sp.X, sp.Y, len(sp.Packages))
	}
	by := map[string]point{}
	for _, p := range sp.Packages {
		by[p.Label] = p
	}
	status := by["drones=continue, ttp=none, strikes=continue, trade=closed"]
	if status.Y != sp.Walk.Y {
		t.Errorf("Pakistan: the status quo package is worth %v, its walk-away %v", status.Y, sp.Walk.Y)
	}
	if p := by["drones=continue, ttp=none, strikes=cease, trade=closed"]; p.X != 0 {
		t.Errorf("Kabul: a ceasefire with nothing else is worth %v, want 0", p.X)
	}
	// The frontier holds the package best for each party alone.
	f := frontier(sp.Packages)
	bestX, bestY := sp.Packages[0], sp.Packages[0]
	for _, p := range sp.Packages {
		if p.X > bestX.X {
			bestX = p
		}
		if p.Y > bestY.Y {
			bestY = p
		}
	}
	if f[len(f)-1] != bestX || f[0] != bestY {
		t.Errorf("frontier ends %v and %v, want %v and %v", f[0], f[len(f)-1], bestY, bestX)
	}
}

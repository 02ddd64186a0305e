package sim

import "testing"

func TestDefaultOutcomeIsTheFirst(t *testing.T) {
	s := &Scenario{Outcomes: []Outcome{{ID: "deal"}, {ID: "collapse"}}}
	if got := s.DefaultOutcome(); got != "deal" {
		t.Errorf("DefaultOutcome = %q, want deal", got)
	}
	if got := (&Scenario{}).DefaultOutcome(); got != "" {
		t.Errorf("no outcomes: %q, want \"\"", got)
	}
}

package sim

// DefaultOutcome is the outcome an analysis explains when none is named:
// the scenario's first outcome, as the file lists them ("" if it has none).
func (s *Scenario) DefaultOutcome() string {
	if len(s.Outcomes) == 0 {
		return ""
	}
	return s.Outcomes[0].ID
}

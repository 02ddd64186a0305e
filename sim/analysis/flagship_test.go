package analysis_test

import (
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// loadFlagship loads the bundled istanbul-2025 scenario.
func loadFlagship(t testing.TB) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Load("../../scenarios/istanbul-2025.yaml", scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
